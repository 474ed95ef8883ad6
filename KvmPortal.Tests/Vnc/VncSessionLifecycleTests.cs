using System.Security.Cryptography.X509Certificates;
using KvmPortal.Tests.Audit;
using KvmPortal.Tests.Support;
using KvmPortal.Vnc;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Vnc;

/// <summary>
/// Things that happen to a session while it is open: the target changes its resolution (the client is told with
/// ExtendedDesktopSize/DesktopSize and then gets the new picture), and the user's VNC password is changed or cleared (sessions opened
/// with it end within a second; account-password sessions stay).
/// </summary>
[Collection(VncTests.Name)]
public sealed class VncSessionLifecycleTests(VncTestApp app, ITestOutputHelper output)
{
    private X509Certificate2 Ca => X509CertificateLoader.LoadCertificateFromFile(app.CertificatePath);

    [Theory]
    [InlineData(-308)] // ExtendedDesktopSize (TigerVNC, noVNC)
    [InlineData(-223)] // DesktopSize only (older clients)
    public async Task ResolutionChange_WhileConnected_IsAnnounced_AndTheClientGetsTheNewPicture(int pseudoEncoding)
    {
        await using var client = await RfbTestClient.ConnectAsync(app.Port);
        await client.StartAsync();
        Assert.True(await client.VeNCryptAsync("otto", TestPasswords.User, Ca), client.FailureReason);
        await client.InitAsync();
        await client.SetEncodingsAsync(7, -23, pseudoEncoding, -224, 0);
        await client.RequestAsync(incremental: false);
        await client.ReadUpdateAsync();
        Assert.Equal((app.Target.Width, app.Target.Height), (client.Width, client.Height));
        try
        {
            foreach (var (w, h) in new[] { (1024, 768), (1600, 900) })
            {
                app.Display.Resize(w, h);
                for (var i = 0; i < 50 && (client.Width, client.Height) != (w, h); i++)
                {
                    await client.RequestAsync(incremental: true);
                    await client.ReadUpdateAsync();
                }

                Assert.Equal((w, h), (client.Width, client.Height));
                Assert.Contains(pseudoEncoding, client.LastEncodings);

                // Type at the new size; the picture the client holds then matches the server's frame.
                var marker = $"resized to {w}x{h} {pseudoEncoding}";
                await client.TypeAsync("\n" + marker); // a fresh line: the console wraps long ones
                await VncTestApp.WaitUntilAsync(() => app.Target.ScreenText.Contains(marker, StringComparison.Ordinal), "the echo");
                var difference = double.MaxValue;
                for (var i = 0; i < 50 && difference > 6; i++)
                {
                    await client.RequestAsync(incremental: i > 0);
                    await client.ReadUpdateAsync();
                    difference = MeanDifference(client.Rgb, Expected(w, h));
                }

                output.WriteLine($"vnc_resize_{w}x{h}_mean_abs_difference: {difference:F2}");
                Assert.True(difference <= 6, $"the client's picture differs from the server's by {difference:F2} per channel on average");
            }
        }
        finally
        {
            app.Display.Reset();
        }
    }

    [Fact]
    public async Task ChangingOrClearingTheVncPassword_EndsThatUsersClassicSessionsWithinASecond_AccountSessionsStay()
    {
        await using var classic = await ConnectClassicAsync(VncTestApp.VncPasswords["pia"]);
        await using var account = await RfbTestClient.ConnectAsync(app.Port);
        await account.StartAsync();
        Assert.True(await account.VeNCryptAsync("pia", TestPasswords.User, Ca), account.FailureReason);
        await account.InitAsync();
        await account.RequestAsync(false);
        await account.ReadUpdateAsync();

        var revoked = RevocationClock("pia");
        Assert.Equal(200, await VncTestApp.SetVncPasswordAsync(app.Admin, "pia", "pia54321"));
        await AssertClosedWithinASecondAsync(classic, revoked, "the password change");
        await account.RequestAsync(false);
        await account.ReadUpdateAsync(); // the account-password session still answers

        await using (var stale = await RfbTestClient.ConnectAsync(app.Port))
        {
            await stale.StartAsync();
            Assert.False(await stale.VncAuthAsync(VncTestApp.VncPasswords["pia"]), "the old VNC password still works");
        }

        // The user clears it from their own account: the session opened with the new password ends too.
        await using var second = await ConnectClassicAsync("pia54321");
        using var pia = await app.LoginAsync("pia", TestPasswords.User);
        revoked = RevocationClock("pia");
        Assert.Equal(200, await VncTestApp.SetVncPasswordAsync(pia, "pia", "", "&clear=true"));
        await AssertClosedWithinASecondAsync(second, revoked, "clearing the password");

        var ended = 0;
        for (var i = 0; i < 50 && ended < 2; i++)
        {
            await Task.Delay(100); // the sessions write their disconnect row as they finish
            ended = (await AuditRows.OfAsync(app.Factory.Services, VncAuditActions.Disconnected))
                .Count(r => r.User == "pia" && (r.Details ?? "").Contains("VNC password changed", StringComparison.Ordinal));
        }

        Assert.Equal(2, ended);
        Assert.Contains(await AuditRows.OfAsync(app.Factory.Services, VncAuditActions.PasswordCleared), r => r.User == "pia" && r.Target == "pia");
        Assert.Equal(200, await VncTestApp.SetVncPasswordAsync(app.Admin, "pia", VncTestApp.VncPasswords["pia"])); // as the fixture had it
    }

    private async Task<RfbTestClient> ConnectClassicAsync(string password)
    {
        var client = await RfbTestClient.ConnectAsync(app.Port);
        await client.StartAsync();
        Assert.True(await client.VncAuthAsync(password), client.FailureReason);
        await client.InitAsync();
        await client.RequestAsync(false);
        await client.ReadUpdateAsync();
        return client;
    }

    private byte[] Expected(int width, int height)
    {
        var rgb = new byte[width * height * 3];
        app.Display.RenderRgb24(rgb);
        return rgb;
    }

    private static double MeanDifference(byte[] a, byte[] b)
    {
        if (a.Length != b.Length)
        {
            return double.MaxValue;
        }

        long sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return (double)sum / a.Length;
    }

    /// <summary>
    /// The moment the server revokes: the store cancels the token the user's classic sessions hold when the VNC password changes. The
    /// second is counted from there, not from before the HTTP call (whose own time under load is not what is tested).
    /// </summary>
    private TaskCompletionSource<long> RevocationClock(string user)
    {
        var at = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Factory.Services.GetRequiredService<VncPasswordStore>().ChangedToken(user).Register(() => at.TrySetResult(System.Diagnostics.Stopwatch.GetTimestamp()));
        return at;
    }

    private async Task AssertClosedWithinASecondAsync(RfbTestClient session, TaskCompletionSource<long> revoked, string what)
    {
        var revokedAt = await revoked.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await session.IsClosedAsync(TimeSpan.FromSeconds(10)), $"the classic session outlived {what}");
        var took = System.Diagnostics.Stopwatch.GetElapsedTime(revokedAt);
        output.WriteLine($"vnc_classic_session_closed_after_revocation_ms: {took.TotalMilliseconds:0}");
        Assert.True(took < TimeSpan.FromSeconds(1), $"the classic session ended {took.TotalMilliseconds:0} ms after {what}");
    }
}
