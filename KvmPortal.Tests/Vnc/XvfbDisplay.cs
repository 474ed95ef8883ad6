using System.Diagnostics;
using KvmPortal.Hardware.Processes;
using KvmPortal.Tests.Api;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Vnc;

/// <summary>A private Xvfb X server for one test (Debian's xvfb); stopped with everything the test started on it.</summary>
public sealed class XvfbDisplay : IAsyncDisposable
{
    private readonly ChildProcess _server;

    private XvfbDisplay(ChildProcess server, string display)
    {
        _server = server;
        Display = display;
    }

    public string Display { get; }

    public static async Task<XvfbDisplay> StartAsync(int width = 1400, int height = 900)
    {
        var xvfb = ExternalTool.Require("/usr/bin/Xvfb", "xvfb");
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var number = Random.Shared.Next(200, 900);
            if (File.Exists($"/tmp/.X{number}-lock"))
            {
                continue;
            }

            var info = new ProcessStartInfo(xvfb) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { ":" + number, "-screen", "0", $"{width}x{height}x24", "-nolisten", "tcp", "-noreset" })
            {
                info.ArgumentList.Add(a);
            }

            var server = TestProcess.Start("Xvfb", info);
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (!server.HasExited && !File.Exists($"/tmp/.X11-unix/X{number}") && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            if (!server.HasExited && File.Exists($"/tmp/.X11-unix/X{number}"))
            {
                return new XvfbDisplay(server, ":" + number);
            }

            await server.DisposeAsync();
        }

        throw new InvalidOperationException("Xvfb did not start");
    }

    /// <summary>Runs an X client on this display to completion.</summary>
    public async Task<ChildProcessResult> RunAsync(string file, params string[] arguments) =>
        await TestProcess.RunAsync(file, arguments, TimeSpan.FromSeconds(60), environment: new Dictionary<string, string?> { ["DISPLAY"] = Display });

    /// <summary>Starts a long-running X client on this display (the caller disposes it).</summary>
    public ChildProcess Start(string name, string file, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        info.Environment["DISPLAY"] = Display;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        return TestProcess.Start(name, info);
    }

    /// <summary>Saves the whole screen as PNG (xwd from x11-apps, converted by ImageMagick).</summary>
    public async Task ScreenshotAsync(string pngPath)
    {
        var xwd = Path.ChangeExtension(pngPath, ".xwd");
        var grab = await RunAsync(ExternalTool.Require("/usr/bin/xwd", "x11-apps"), "-root", "-silent", "-out", xwd);
        Assert.True(grab.ExitCode == 0, "xwd failed: " + grab.StandardError);
        var convert = await TestProcess.RunAsync(ExternalTool.Require("/usr/bin/convert", "imagemagick"), [xwd, pngPath], TimeSpan.FromSeconds(60));
        Assert.True(convert.ExitCode == 0, "convert failed: " + convert.StandardError);
        File.Delete(xwd);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}
