using System.Diagnostics;
using System.Globalization;
using System.Text;
using KvmPortal.Hardware.Video;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Options;
using Xunit;

namespace KvmPortal.Tests.Kernel.Video;

/// <summary>
/// Side by side on the same vivid HDMI input (VM lab): Debian's ustreamer 4.9 and KvmPortal's pipeline, each for a fixed time
/// with one MJPEG/frame consumer and one encoder worker. Prints frames per second and CPU seconds per frame for both.
/// Figures under QEMU TCG say how the two compare, not how fast either is on a Pi.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class UstreamerComparisonKernelTests
{
    private const string HdmiInput = "HDMI 0";
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(
        double.Parse(Environment.GetEnvironmentVariable("KVMPORTAL_COMPARE_SECONDS") ?? "30", CultureInfo.InvariantCulture));

    [KernelFact]
    public async Task Ustreamer_And_KvmPortal_OnTheSameVividInput_PrintFpsAndCpuPerFrame()
    {
        KernelTest.RequireVmLab();
        string device;
        int input;
        using (var vivid = VividControl.Open())
        {
            device = vivid.Path;
            input = vivid.InputNames.ToList().IndexOf(HdmiInput);
            vivid.SelectHdmiTimings(HdmiInput, 1280, 720);
        }

        Assert.True(File.Exists("/usr/bin/ustreamer"), "ustreamer (Debian package) must be installed on the build machine; deploy/test.sh installs it");
        var (uFrames, uCpu) = await RunUstreamerAsync(device, input);
        var (kFrames, kCpu) = await RunKvmPortalAsync(device);
        Print("ustreamer", uFrames, uCpu);
        Print("kvmportal", kFrames, kCpu);
        Assert.True(uFrames > 0, "ustreamer delivered no frame");
        Assert.True(kFrames > 0, "KvmPortal delivered no frame");
    }

    private static void Print(string name, long frames, double cpuSeconds)
    {
        var fps = frames / Duration.TotalSeconds;
        System.Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}_fps: {fps:0.00}\n{name}_cpu_s_per_frame: {(frames > 0 ? cpuSeconds / frames : double.NaN):0.0000}\n{name}_frames: {frames}"));
    }

    private static async Task<(long Frames, double CpuSeconds)> RunUstreamerAsync(string device, int input)
    {
        const int port = 18081;
        var info = new ProcessStartInfo("/usr/bin/ustreamer")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-d", device, "-i", input.ToString(CultureInfo.InvariantCulture), "-m", "UYVY", "-r", "1280x720", "-t", "-w", "1", "-c", "CPU", "-s", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        var child = TestProcess.Start("ustreamer", info);
        var process = child.Process;
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            Stream? body = null;
            for (var i = 0; i < 100 && body is null; i++)
            {
                try
                {
                    body = await http.GetStreamAsync(new Uri($"http://127.0.0.1:{port}/stream"));
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200);
                }
            }

            Assert.NotNull(body);
            await using (body)
            {
                double before = 0;
                var frames = await CountPartsAsync(body, TimeSpan.FromSeconds(3), Duration, () => before = ProcessCpuSeconds(process.Id));
                return (frames, ProcessCpuSeconds(process.Id) - before);
            }
        }
        finally
        {
            await child.DisposeAsync(); // SIGTERM, SIGKILL after 5 s
        }
    }

    private static async Task<(long Frames, double CpuSeconds)> RunKvmPortalAsync(string device)
    {
        var options = new VideoOptions
        {
            Backend = VideoBackend.V4l2, Device = device, Input = HdmiInput, DesiredFps = 0, Workers = 1, IdleStopSeconds = -1,
            RetryMilliseconds = 200,
        };
        var source = new V4l2VideoSource(Options.Create(options), TimeProvider.System, new ConsoleLogger<V4l2VideoSource>());
        using var streamer = new VideoStreamer(source, Options.Create(options), TimeProvider.System, new ConsoleLogger<VideoStreamer>());
        await streamer.StartAsync(CancellationToken.None);
        try
        {
            using var viewer = streamer.AddViewer("comparison");
            long last = 0;
            var warm = Stopwatch.StartNew();
            while (warm.Elapsed < TimeSpan.FromSeconds(3))
            {
                last = (await streamer.WaitNextAsync(last, CancellationToken.None)).Sequence;
            }

            var before = Process.GetCurrentProcess().TotalProcessorTime;
            long frames = 0;
            using var stop = new CancellationTokenSource(Duration);
            try
            {
                while (true)
                {
                    var frame = await streamer.WaitNextAsync(last, stop.Token);
                    last = frame.Sequence;
                    if (frame.State == VideoSignalState.Online)
                    {
                        frames++;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Time is up.
            }

            return (frames, (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds);
        }
        finally
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await streamer.StopAsync(stopping.Token);
        }
    }

    /// <summary>
    /// Reads the stream for <paramref name="warmUp"/> (not counted), calls <paramref name="measuring"/>, then counts multipart
    /// boundaries for <paramref name="time"/>. Deadlines are checked between reads: cancelling a read would close the connection.
    /// </summary>
    private static async Task<long> CountPartsAsync(Stream body, TimeSpan warmUp, TimeSpan time, Action measuring)
    {
        var buffer = new byte[256 * 1024];
        var counter = new MultipartBoundaryCounter();
        long parts = 0;
        var clock = Stopwatch.StartNew();
        var counting = false;
        while (clock.Elapsed < warmUp + time)
        {
            if (!counting && clock.Elapsed >= warmUp)
            {
                counting = true;
                measuring();
            }

            var n = await body.ReadAsync(buffer);
            if (n == 0)
            {
                break;
            }

            var found = counter.Feed(buffer.AsSpan(0, n));
            parts += counting ? found : 0;
        }

        return parts;
    }

    private static double ProcessCpuSeconds(int pid)
    {
        // /proc/PID/stat: fields 14 and 15 (utime, stime) in clock ticks; the command name may contain spaces, so split after ')'.
        var text = File.ReadAllText($"/proc/{pid}/stat");
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / 100.0;
    }
}
