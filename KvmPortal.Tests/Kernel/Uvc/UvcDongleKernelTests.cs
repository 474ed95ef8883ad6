using System.Diagnostics;
using System.Globalization;
using KvmPortal.Hardware.Video;
using KvmPortal.Tests.Kernel.Video;
using Microsoft.Extensions.Options;
using Xunit;

namespace KvmPortal.Tests.Kernel.Uvc;

/// <summary>
/// KvmPortal's V4L2 capture against a USB HDMI dongle made of the kernel's UVC gadget, read through the real uvcvideo
/// driver (VM lab only; see deploy/vmlab/README.md "UVC HDMI dongle"). The dongle offers MJPEG and YUYV like real ones, and
/// its MJPEG frames lack Huffman tables. KvmPortal runs with its default settings apart from the device name.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class UvcDongleKernelTests : IDisposable
{
    private static readonly TimeSpan FrameTimeout = KernelStreamer.FrameTimeout;
    private static readonly TimeSpan MeasureTime = TimeSpan.FromSeconds(8);
    private static readonly string[] VideoThreads = ["video-capture", "video-encode-0"];

    private readonly DongleFrames _frames = new();
    private readonly UvcDongleGadget _gadget;
    private readonly UvcFeeder _feeder;

    public UvcDongleKernelTests()
    {
        KernelTest.RequireVmLab();
        _ = _frames.For(1280, 720); // encode before streaming: the feeder must answer STREAMON quickly
        _ = _frames.For(1920, 1080);
        _gadget = UvcDongleGadget.Create();
        _feeder = new UvcFeeder(_gadget, _frames.For);
    }

    [KernelFact]
    public Task Dongle_MjpegPassedThroughWithStandardHuffmanTables_FollowsResolutionChange_PrintsFpsAndCpu() => StreamAsync(async streamer =>
    {
        JpegFrame first = await WaitForFrame(streamer, 0, f => f.State == VideoSignalState.Online, "first frame from the dongle");
        Assert.True(streamer.GetState().Format == VideoPixelFormat.Mjpeg, $"KvmPortal captures {streamer.GetState().Format} from the USB dongle; it must pick MJPEG (USB 2 cannot carry raw HD)");
        AssertPassthrough(first, 1280, 720, decode: true);
        JpegFrame last = await Measure(streamer, first, 1280, 720, "720p");

        System.Console.Error.WriteLine("asking KvmPortal for 1920x1080");
        streamer.SetResolution(1920, 1080);
        JpegFrame big = await WaitForFrame(streamer, last.Sequence, f => f.State == VideoSignalState.Online && f.Width == 1920, "1080p frame after the resolution change");
        AssertPassthrough(big, 1920, 1080, decode: true);
        Assert.Equal((1920, 1080), _feeder.StreamingSize);
        await Measure(streamer, big, 1920, 1080, "1080p");
    });

    [KernelFact]
    public Task Dongle_UnpluggedAndPluggedAgain_ReportsNoDevice_StreamBackWithin2s() => StreamAsync(async streamer =>
    {
        JpegFrame online = await WaitForFrame(streamer, 0, f => f.State == VideoSignalState.Online, "frame before the unplug");
        AssertPassthrough(online, 1280, 720, decode: false);

        System.Console.Error.WriteLine("unplugging the dongle (unbinding the UDC)");
        Task unplug = Task.Run(_gadget.Unbind); // returns once the feeder has let go of the gadget node
        JpegFrame gone = await WaitForFrame(streamer, online.Sequence, f => f.State == VideoSignalState.NoDevice, "NO CAPTURE DEVICE placeholder");
        Assert.True(gone.IsPlaceholder);
        await unplug.WaitAsync(FrameTimeout);
        Assert.Empty(UvcDongleGadget.FindHostNodes());

        System.Console.Error.WriteLine("plugging the dongle in again (binding the UDC)");
        long plugged = Stopwatch.GetTimestamp();
        _gadget.Bind();
        _feeder.Resume();
        await WaitForHostNodes();
        double enumerated = Stopwatch.GetElapsedTime(plugged).TotalMilliseconds;
        JpegFrame back = await WaitForFrame(streamer, gone.Sequence, f => f.State == VideoSignalState.Online, "frame after plugging in again");
        double streaming = Stopwatch.GetElapsedTime(plugged).TotalMilliseconds;
        AssertPassthrough(back, 1280, 720, decode: false);
        Print("uvc_replug_enumerated_ms", enumerated);
        Print("uvc_replug_stream_back_ms", streaming);
        Print("uvc_replug_kvmportal_ms", streaming - enumerated);
        Assert.True(streaming - enumerated <= 2000, $"KvmPortal took {streaming - enumerated:0} ms from the dongle's capture node appearing to the first frame (limit 2000 ms)");
    });

    public void Dispose()
    {
        _feeder.Dispose();
        _gadget.Dispose();
    }

    private static void Print(string name, double value) =>
        System.Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {value:0.###}"));

    private static VideoStreamer CreateStreamer()
    {
        var options = new VideoOptions
        {
            Backend = VideoBackend.V4l2,
            Device = UvcDongleGadget.Product, // found by name: USB video node numbers change across re-plugs
            DesiredFps = 0,
            IdleStopSeconds = -1,
        };
        var source = new V4l2VideoSource(Options.Create(options), TimeProvider.System, new ConsoleLogger<V4l2VideoSource>());
        return new VideoStreamer(source, Options.Create(options), TimeProvider.System, new ConsoleLogger<VideoStreamer>());
    }

    /// <summary>Waits for the dongle's host nodes, starts a streamer with one viewer on it, runs <paramref name="test"/>, and stops the streamer.</summary>
    private async Task StreamAsync(Func<VideoStreamer, Task> test)
    {
        KernelTest.RequireVmLab();
        await WaitForHostNodes();
        using var streamer = CreateStreamer();
        await streamer.StartAsync(CancellationToken.None);
        try
        {
            using var viewer = streamer.AddViewer("kernel-test");
            await test(streamer);
        }
        finally
        {
            await StopQuickly(streamer);
        }
    }

    private static Task StopQuickly(VideoStreamer streamer) => KernelStreamer.StopQuicklyAsync(streamer);

    private static Task<JpegFrame> WaitForFrame(VideoStreamer streamer, long after, Func<JpegFrame, bool> wanted, string what) =>
        KernelStreamer.WaitForFrameAsync(streamer, after, wanted, what, logEveryFrame: false);

    private async Task WaitForHostNodes()
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(FrameTimeout.TotalSeconds * Stopwatch.Frequency);
        while (UvcDongleGadget.FindHostNodes().Count == 0)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"uvcvideo did not register '{UvcDongleGadget.Product}' within {FrameTimeout.TotalSeconds} s (feeder error: {_feeder.LastError ?? "none"}); kernel log:\n{Msd.Shell.Run("dmesg | tail -30").Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Every published frame the test sees during the window must be a sent frame plus the standard tables; prints the
    /// dongle's, KvmPortal's capture and publish rates, and the CPU time of KvmPortal's video threads per captured frame.
    /// </summary>
    private async Task<JpegFrame> Measure(VideoStreamer streamer, JpegFrame from, int width, int height, string label)
    {
        VideoStreamState before = streamer.GetState();
        long queued0 = _feeder.FramesQueued;
        TimeSpan cpu0 = ThreadCpuTime.Of(VideoThreads);
        var clock = Stopwatch.StartNew();
        JpegFrame frame = from;
        int verified = 0;
        while (clock.Elapsed < MeasureTime)
        {
            frame = await streamer.WaitNextAsync(frame.Sequence, CancellationToken.None).AsTask().WaitAsync(FrameTimeout);
            AssertPassthrough(frame, width, height, decode: false);
            verified++;
        }

        double seconds = clock.Elapsed.TotalSeconds;
        VideoStreamState after = streamer.GetState();
        long captured = after.FramesCaptured - before.FramesCaptured;
        double cpuMs = (ThreadCpuTime.Of(VideoThreads) - cpu0).TotalMilliseconds;
        Print($"uvc_mjpeg_{label}_dongle_fps", (_feeder.FramesQueued - queued0) / seconds);
        Print($"uvc_mjpeg_{label}_captured_fps", captured / seconds);
        Print($"uvc_mjpeg_{label}_published_fps", (after.EncodesPerformed - before.EncodesPerformed) / seconds);
        Print($"uvc_mjpeg_{label}_frames_verified", verified);
        Print($"uvc_mjpeg_{label}_cpu_ms_per_frame", captured > 0 ? cpuMs / captured : double.NaN);
        Assert.True(captured > 0, $"no {label} frame captured in {seconds:0.0} s");
        return frame;
    }

    private void AssertPassthrough(JpegFrame frame, int width, int height, bool decode)
    {
        Assert.Equal(VideoSignalState.Online, frame.State);
        Assert.Equal((width, height), (frame.Width, frame.Height));
        Assert.False(MjpegHuffman.HasHuffmanTable(_frames.Sent(width, height, 0)), "the dongle's frames must lack DHT");
        int match = _frames.MatchPublished(width, height, frame.Data.Span);
        Assert.True(
            match >= 0,
            $"published frame {frame.Sequence} ({frame.Data.Length} B, DHT {(MjpegHuffman.HasHuffmanTable(frame.Data.Span) ? "present" : "MISSING")}) is not " +
            $"a sent {width}x{height} frame ({_frames.Sent(width, height, 0).Length} B without DHT) with the standard Huffman tables inserted before SOS");
        if (decode)
        {
            byte[] pixels = JpegInspector.DecodeRgb24(frame.Data.Span, out JpegHeaderInfo header);
            Assert.Equal((width, height), (header.Width, header.Height));
            Assert.Equal(JpegInspector.DecodeRgb24(_frames.Original(width, height, match), out _), pixels);
        }
    }
}
