using System.Security.Cryptography;
using System.Text;
using KvmPortal.Tests.Api;
using KvmPortal.Tests.Audit;
using KvmPortal.Tests.Support;
using KvmPortal.Vnc;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Vnc;

/// <summary>Real VNC clients from Debian against the server: TigerVNC's vncviewer under Xvfb (VeNCrypt X509Plain), Net::VNC and vncsnapshot (VNC auth).</summary>
[Collection(VncTests.Name)]
public sealed class VncRealClientTests(VncTestApp app)
{
    public static string ArtifactDirectory { get; } = Directory.CreateDirectory(Path.Combine(RepositoryRoot.Find(), "artifacts", "vnc")).FullName;

    [Fact]
    public async Task TigerVnc_ConnectsWithX509Plain_TypesThroughXdotool_AndItsWindowShowsTheTarget()
    {
        var viewerPath = ExternalTool.Require("/usr/bin/xtigervncviewer", "tigervnc-viewer");
        var xdotool = ExternalTool.Require("/usr/bin/xdotool", "xdotool");
        await using var x = await XvfbDisplay.StartAsync();
        using var home = new TempDirectory();
        var before = (await AuditRows.OfAsync(app.Factory.Services, VncAuditActions.Connected)).Count;
        await using var viewer = x.Start(
            "vncviewer", viewerPath,
            new Dictionary<string, string> { ["HOME"] = home.Path, ["VNC_USERNAME"] = "otto", ["VNC_PASSWORD"] = TestPasswords.User },
            "-SecurityTypes", "X509Plain", "-X509CA", app.CertificatePath, "-Shared", $"127.0.0.1::{app.Port}");
        var viewerOutput = viewer.Process.StandardOutput.ReadToEndAsync();
        var viewerErrors = viewer.Process.StandardError.ReadToEndAsync(); // drained, so the pipe never fills
        await VncTestApp.WaitUntilAsync(() => viewer.HasExited || app.Factory.Services.GetRequiredService<VncHost>().SessionCount > 0, "TigerVNC to connect");
        if (viewer.HasExited)
        {
            Assert.Fail("vncviewer exited: " + await viewerErrors + await viewerOutput);
        }

        var connected = await AuditRows.OfAsync(app.Factory.Services, VncAuditActions.Connected);
        for (var i = 0; i < 100 && connected.Count == before && !viewer.HasExited; i++)
        {
            await Task.Delay(100); // the handshake (TLS, password check) is still going on
            connected = await AuditRows.OfAsync(app.Factory.Services, VncAuditActions.Connected);
        }

        Assert.True(connected.Count > before, "no vnc.connected row for TigerVNC");
        Assert.Contains(connected, r => r.User == "otto" && (r.Details ?? "").Contains("X509Plain", StringComparison.Ordinal));

        var search = await x.RunAsync(xdotool, "search", "--sync", "--onlyvisible", "--name", "KvmPortal");
        Assert.True(search.ExitCode == 0, "no vncviewer window: " + search.StandardError);
        var window = search.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0];
        await Task.Delay(1000); // the first picture
        Assert.Equal(0, (await x.RunAsync(xdotool, "windowfocus", "--sync", window)).ExitCode);
        var typed = await x.RunAsync(xdotool, "type", "--delay", "60", "tiger typed 5");
        Assert.True(typed.ExitCode == 0, typed.StandardError);
        await VncTestApp.WaitUntilAsync(() => app.Target.ScreenText.Contains("tiger typed 5", StringComparison.Ordinal), "the target to echo TigerVNC's keys");

        var shot = Path.Combine(ArtifactDirectory, "tigervnc-xvfb.png");
        string text = "";
        for (var attempt = 0; attempt < 10 && !text.Contains("tiger typed", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(500); // the update reaches the viewer's window
            await x.ScreenshotAsync(shot);
            text = (await TestProcess.RunAsync("/usr/bin/tesseract", [shot, "stdout", "--psm", "11"], TimeSpan.FromSeconds(60))).StandardOutput;
        }

        Assert.Contains("tiger typed", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NetVnc_SendsKeys_AndVncsnapshot_GrabsAFrameTesseractReads()
    {
        ExternalTool.Require("/usr/share/perl5/Net/VNC.pm", "libnet-vnc-perl");
        var snapshot = ExternalTool.Require("/usr/bin/vncsnapshot", "vncsnapshot");
        const string script = """
            use strict; use Net::VNC;
            my ($port, $password, $text) = @ARGV;
            my $vnc = Net::VNC->new({ hostname => '127.0.0.1', port => $port, password => $password });
            $vnc->depth(24);
            $vnc->login;
            $vnc->send_key_event_string($text);
            $vnc->send_key_event(0xff0d);
            print "sent\n";
            """;
        var perl = await TestProcess.RunAsync("/usr/bin/perl", ["-e", script, app.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), VncTestApp.VncPasswords["otto"], "netvnc marker 77"], TimeSpan.FromSeconds(60));
        Assert.True(perl.ExitCode == 0, perl.StandardError);
        await VncTestApp.WaitUntilAsync(() => app.Target.ScreenText.Contains("netvnc marker 77", StringComparison.Ordinal), "the target to echo Net::VNC's keys");

        using var dir = new TempDirectory();
        var passwd = Path.Combine(dir.Path, "passwd");
        await File.WriteAllBytesAsync(passwd, ObfuscatedPasswordFile(VncTestApp.VncPasswords["otto"]));
        var jpeg = Path.Combine(ArtifactDirectory, "vncsnapshot.jpg");
        File.Delete(jpeg);
        // vncsnapshot takes host:display and adds 5900 to the display number.
        var grab = await TestProcess.RunAsync(snapshot, ["-passwd", passwd, "-allowblank", $"127.0.0.1:{app.Port - 5900}", jpeg], TimeSpan.FromSeconds(60));
        Assert.True(grab.ExitCode == 0 && File.Exists(jpeg), "vncsnapshot failed: " + grab.StandardError);
        var enlarged = Path.Combine(dir.Path, "snapshot.png"); // the 8x16 console font reads better at twice the size, dark on light
        Assert.Equal(0, (await TestProcess.RunAsync("/usr/bin/convert", [jpeg, "-resize", "200%", "-colorspace", "Gray", "-negate", enlarged], TimeSpan.FromSeconds(60))).ExitCode);
        var ocr = await TestProcess.RunAsync("/usr/bin/tesseract", [enlarged, "stdout", "--psm", "6"], TimeSpan.FromSeconds(60));
        Assert.Contains("marker", ocr.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("shell started", ocr.StandardOutput, StringComparison.Ordinal);
        var rows = await AuditRows.OfAsync(app.Factory.Services, VncAuditActions.Connected);
        Assert.True(rows.Count(r => r.User == "otto" && (r.Details ?? "").Contains("VNC Authentication", StringComparison.Ordinal)) >= 2);
    }

    /// <summary>The vncpasswd file format: the password DES-encrypted under the fixed key every VNC implementation shares.</summary>
    private static byte[] ObfuscatedPasswordFile(string password)
    {
        byte[] fixedKey = [23, 82, 107, 6, 35, 78, 88, 7];
        var key = fixedKey.Select(b => (byte)(((b * 0x0202020202UL) & 0x010884422010UL) % 1023)).ToArray();
        var plain = new byte[8];
        Encoding.ASCII.GetBytes(password).AsSpan(0, Math.Min(8, password.Length)).CopyTo(plain);
#pragma warning disable CA5351 // the vncpasswd file format is DES
        using var des = DES.Create();
#pragma warning restore CA5351
        des.Key = key;
        return des.EncryptEcb(plain, PaddingMode.None);
    }
}
