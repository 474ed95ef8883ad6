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

    [KernelFact]
    [Trait("Category", "Kernel")]
    public async Task HdmiInput_720pThen1080p_FramesDecodeAtSignalSize_ChangeFollowedWithoutRestart()
    {
        KernelTest.RequireVmLab();

        using var vivid = VividControl.Open();
        System.Console.Error.WriteLine($"vivid {vivid.Path}: inputs [{string.Join(", ", vivid.InputNames)}], formats [{string.Join(", ", vivid.Formats)}]");
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
            System.Console.Error.WriteLine($"720p: format {state.Format}, captured {state.FramesCaptured}, encodes {state.EncodesPerformed}");

            // Resolution change through vivid's controls while streaming: SOURCE_CHANGE → renegotiation, same streamer instance.
            System.Console.Error.WriteLine("switching vivid to 1920x1080");
            vivid.SelectHdmiTimings(HdmiInput, 1920, 1080);
            System.Console.Error.WriteLine("vivid switched");
            JpegFrame big = await WaitForFrame(streamer, first.Sequence, f => f.State == VideoSignalState.Online && f.Width == 1920, "1080p frame after the change");
            AssertJpeg(big, 1920, 1080);
            state = streamer.GetState();
            Assert.Equal((1920, 1080), (state.Width, state.Height));
            System.Console.Error.WriteLine($"1080p: format {state.Format}, captured {state.FramesCaptured}, encodes {state.EncodesPerformed}");
        }
        finally
        {
            await StopQuickly(streamer);
        }
    }

    [KernelFact]
    [Trait("Category", "Kernel")]
    public async Task Disconnect_ReportsNoDevice_ThenStreamsAgainWhenDeviceReturns()
    {
        KernelTest.RequireVmLab();

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

            // vivid's "Disconnect" unregisters the nodes (every ioctl fails with ENODEV, like a USB unplug); vivid
            // registers them again once the last file handle is closed, i.e. when KvmPortal lets go of the dead device.
            using (var vivid = VividControl.Open())
            {
                vivid.Disconnect();
            }

            JpegFrame placeholder = await WaitForFrame(streamer, online.Sequence, f => f.State == VideoSignalState.NoDevice, "NO CAPTURE DEVICE placeholder");
            long lost = TimeProvider.System.GetTimestamp();
            Assert.True(placeholder.IsPlaceholder);
            AssertJpeg(placeholder, placeholder.Width, placeholder.Height);

            JpegFrame again = await WaitForFrame(streamer, placeholder.Sequence, f => f.State == VideoSignalState.Online, "online frame after the device returned");
            System.Console.Error.WriteLine($"video_recovery_after_disconnect_ms: {TimeProvider.System.GetElapsedTime(lost).TotalMilliseconds:0} (guest clock, under TCG)");
            AssertJpeg(again, 1280, 720);
        }
        finally
        {
            await StopQuickly(streamer);
        }
    }

    private static Task StopQuickly(VideoStreamer streamer) => KernelStreamer.StopQuicklyAsync(streamer);

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

    private static Task<JpegFrame> WaitForFrame(VideoStreamer streamer, long after, Func<JpegFrame, bool> wanted, string what) =>
        KernelStreamer.WaitForFrameAsync(streamer, after, wanted, what, logEveryFrame: true);

    private static void AssertJpeg(JpegFrame frame, int width, int height)
    {
        byte[] pixels = JpegInspector.DecodeRgb24(frame.Data.Span, out JpegHeaderInfo header);
        Assert.Equal((width, height), (header.Width, header.Height));
        Assert.Equal((width, height), (frame.Width, frame.Height));
        Assert.Equal(width * height * 3, pixels.Length);
    }
}
