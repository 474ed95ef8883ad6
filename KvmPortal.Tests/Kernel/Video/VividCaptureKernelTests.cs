using System.Diagnostics;
using KvmPortal.Hardware.Video;
using Microsoft.Extensions.Options;
using Xunit;

namespace KvmPortal.Tests.Kernel.Video;

/// <summary>
/// Capture from vivid's HDMI input through the real V4L2 backend and the real pipeline (VM lab only).
/// Timeouts are generous: under QEMU TCG vivid renders and TurboJPEG encodes a 1080p frame in hundreds of milliseconds.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class VividCaptureKernelTests
{
    private const string HdmiInput = "HDMI 0";
    private static readonly TimeSpan FrameTimeout = TimeSpan.FromSeconds(90);
    private static readonly string[] ModprobePaths = ["/usr/sbin/modprobe", "/sbin/modprobe"];

    [Fact]
    [Trait("Category", "Kernel")]
    public async Task HdmiInput_720pThen1080p_FramesDecodeAtSignalSize_ChangeFollowedWithoutRestart()
    {
        if (Environment.GetEnvironmentVariable("KVMPORTAL_VMLAB") != "1")
        {
            return; // vmlab-guard: TODO(lead) replace with KernelTest.RequireVmLab() and [KernelFact] once Kernel/KernelTest.cs is merged
        }

        using var vivid = VividControl.Open();
        Console.Error.WriteLine($"vivid {vivid.Path}: inputs [{string.Join(", ", vivid.InputNames)}], formats [{string.Join(", ", vivid.Formats)}]");
        vivid.SelectHdmiTimings(HdmiInput, 1280, 720);

        using var streamer = CreateStreamer(vivid.Path);
        await streamer.StartAsync(CancellationToken.None);
        try
        {
            using var viewer = streamer.AddViewer("kernel-test");
            JpegFrame first = await WaitForFrame(streamer, 0, f => f.State == VideoSignalState.Online, "first online frame");
            AssertJpeg(first, 1280, 720);
            VideoStreamState state = streamer.GetState();
            Assert.NotEqual(VideoPixelFormat.Mjpeg, state.Format);
            Assert.True(state.EncodesPerformed > 0, "the raw frames were encoded by KvmPortal");
            Console.Error.WriteLine($"720p: format {state.Format}, captured {state.FramesCaptured}, encodes {state.EncodesPerformed}");

            // Resolution change through vivid's controls while streaming: SOURCE_CHANGE → renegotiation, same streamer instance.
            vivid.SelectHdmiTimings(HdmiInput, 1920, 1080);
            JpegFrame big = await WaitForFrame(streamer, first.Sequence, f => f.State == VideoSignalState.Online && f.Width == 1920, "1080p frame after the change");
            AssertJpeg(big, 1920, 1080);
            state = streamer.GetState();
            Assert.Equal((1920, 1080), (state.Width, state.Height));
            Console.Error.WriteLine($"1080p: format {state.Format}, captured {state.FramesCaptured}, encodes {state.EncodesPerformed}");
        }
        finally
        {
            await streamer.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    [Trait("Category", "Kernel")]
    public async Task Disconnect_ReportsNoDevice_ThenStreamsAgainAfterModuleReload()
    {
        if (Environment.GetEnvironmentVariable("KVMPORTAL_VMLAB") != "1")
        {
            return; // vmlab-guard: TODO(lead) replace with KernelTest.RequireVmLab() and [KernelFact] once Kernel/KernelTest.cs is merged
        }

        string path;
        using (var vivid = VividControl.Open())
        {
            path = vivid.Path;
            vivid.SelectHdmiTimings(HdmiInput, 1280, 720);
        }

        using var streamer = CreateStreamer(path);
        await streamer.StartAsync(CancellationToken.None);
        try
        {
            using var viewer = streamer.AddViewer("kernel-test");
            JpegFrame online = await WaitForFrame(streamer, 0, f => f.State == VideoSignalState.Online, "online frame before the disconnect");

            using (var vivid = VividControl.Open())
            {
                vivid.Disconnect();
            }

            JpegFrame placeholder = await WaitForFrame(streamer, online.Sequence, f => f.State == VideoSignalState.NoDevice, "NO CAPTURE DEVICE placeholder");
            Assert.True(placeholder.IsPlaceholder);
            Assert.Equal(VideoSignalState.NoDevice, streamer.GetState().State);
            AssertJpeg(placeholder, placeholder.Width, placeholder.Height);

            // Bring the device back (fresh module) and measure how long the same streamer takes to stream again.
            await Modprobe("-r", "vivid");
            await Modprobe("vivid");
            long reloaded = TimeProvider.System.GetTimestamp();
            JpegFrame again = await WaitForFrame(streamer, placeholder.Sequence, f => f.State == VideoSignalState.Online, "online frame after the module reload");
            Console.Error.WriteLine($"video_recovery_after_reload_ms: {TimeProvider.System.GetElapsedTime(reloaded).TotalMilliseconds:0}");
            Assert.Equal(VideoSignalState.Online, again.State);
        }
        finally
        {
            await streamer.StopAsync(CancellationToken.None);
        }
    }

    private static VideoStreamer CreateStreamer(string device)
    {
        var options = new VideoOptions
        {
            Backend = VideoBackend.V4l2,
            Device = device,
            Input = HdmiInput,
            DesiredFps = 0,
            Workers = 1,
            IdleStopSeconds = -1,
            RetryMilliseconds = 200,
        };
        var source = new V4l2VideoSource(Options.Create(options), TimeProvider.System, new ConsoleLogger<V4l2VideoSource>());
        return new VideoStreamer(source, Options.Create(options), TimeProvider.System, new ConsoleLogger<VideoStreamer>());
    }

    private static async Task<JpegFrame> WaitForFrame(VideoStreamer streamer, long after, Func<JpegFrame, bool> wanted, string what)
    {
        using var timeout = new CancellationTokenSource(FrameTimeout);
        long sequence = after;
        try
        {
            while (true)
            {
                JpegFrame frame = await streamer.WaitNextAsync(sequence, timeout.Token);
                if (wanted(frame))
                {
                    return frame;
                }

                sequence = frame.Sequence;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {what} within {FrameTimeout.TotalSeconds} s; state: {streamer.GetState()}");
        }
    }

    private static void AssertJpeg(JpegFrame frame, int width, int height)
    {
        byte[] pixels = JpegInspector.DecodeRgb24(frame.Data.Span, out JpegHeaderInfo header);
        Assert.Equal((width, height), (header.Width, header.Height));
        Assert.Equal((width, height), (frame.Width, frame.Height));
        Assert.Equal(width * height * 3, pixels.Length);
    }

    private static async Task Modprobe(params string[] args)
    {
        string exe = ModprobePaths.FirstOrDefault(File.Exists) ?? "modprobe";
        for (int attempt = 1; ; attempt++)
        {
            var start = new ProcessStartInfo(exe) { RedirectStandardError = true };
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode == 0)
            {
                return;
            }

            if (attempt >= 10)
            {
                throw new InvalidOperationException($"modprobe {string.Join(' ', args)} failed: {error}");
            }

            await Task.Delay(300); // "in use" while the streamer's retry briefly holds the node open
        }
    }
}
