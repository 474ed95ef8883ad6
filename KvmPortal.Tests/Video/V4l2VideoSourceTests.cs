using KvmPortal.Hardware.Video;
using KvmPortal.Hardware.Video.Interop;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace KvmPortal.Tests.Video;

public class V4l2VideoSourceTests
{
    [Fact]
    public void MissingDevice_ReportsNoDevice_WithoutThrowing()
    {
        var options = Options.Create(new VideoOptions { Device = "/dev/kvmportal-test-no-such-video" });
        using var source = new V4l2VideoSource(options, new ManualTimeProvider(), NullLogger<V4l2VideoSource>.Instance);

        var first = source.Capture(new VideoCaptureRequest(0, 0, 30), CancellationToken.None);
        var second = source.Capture(new VideoCaptureRequest(0, 0, 30), CancellationToken.None);

        Assert.Equal(VideoSignalState.NoDevice, first.State);
        Assert.Null(first.Frame);
        Assert.Equal(VideoSignalState.NoDevice, second.State);
    }

    [Theory]
    [InlineData("HDMI 0", 3u)] // Debian 12's vivid names
    [InlineData("hdmi 0", 3u)]
    [InlineData("Webcam 0", 0u)]
    public void FindInput_MatchesExactOrInstancePrefixedNames(string wanted, uint expected)
    {
        var old = new[] { (0u, "Webcam 0", 0u), (1u, "TV 0", 0u), (2u, "S-Video 0", 0u), (3u, "HDMI 0", 2u) };
        var newer = new[] { (0u, "Webcam 000-0", 0u), (1u, "TV 000-0", 0u), (2u, "S-Video 000-0", 0u), (3u, "HDMI 000-0", 2u) };

        Assert.Equal(expected, V4l2VideoSource.FindInput(old, wanted)!.Value.Index);
        Assert.Equal(expected, V4l2VideoSource.FindInput(newer, wanted)!.Value.Index);
        Assert.Null(V4l2VideoSource.FindInput(old, "HDMI 7"));
    }

    [Fact]
    public void ChooseFourcc_PrefersRawPackedYuv_AndHonoursExplicitFormat()
    {
        uint[] offered = [V4l2Native.FourccRgb24, V4l2Native.FourccYuyv, V4l2Native.FourccMjpeg];

        Assert.Equal(V4l2Native.FourccYuyv, V4l2VideoSource.ChooseFourcc(offered, VideoCaptureFormat.Auto));
        Assert.Equal(V4l2Native.FourccMjpeg, V4l2VideoSource.ChooseFourcc(offered, VideoCaptureFormat.Mjpeg));
        Assert.Equal(V4l2Native.FourccRgb24, V4l2VideoSource.ChooseFourcc(offered, VideoCaptureFormat.Rgb24));
        Assert.Null(V4l2VideoSource.ChooseFourcc(offered, VideoCaptureFormat.Uyvy));
        Assert.Equal("YUYV", V4l2Native.FourccText(V4l2Native.FourccYuyv));
    }

    [Fact]
    public void ChooseFourcc_Auto_PrefersMjpegOnUsb_FallsBackToRaw()
    {
        uint[] dongle = [V4l2Native.FourccYuyv, V4l2Native.FourccMjpeg];

        Assert.Equal(V4l2Native.FourccMjpeg, V4l2VideoSource.ChooseFourcc(dongle, VideoCaptureFormat.Auto, usb: true));
        Assert.Equal(V4l2Native.FourccYuyv, V4l2VideoSource.ChooseFourcc(dongle, VideoCaptureFormat.Auto, usb: false));
        Assert.Equal(V4l2Native.FourccYuyv, V4l2VideoSource.ChooseFourcc([V4l2Native.FourccYuyv], VideoCaptureFormat.Auto, usb: true));
        Assert.Equal(V4l2Native.FourccYuyv, V4l2VideoSource.ChooseFourcc(dongle, VideoCaptureFormat.Yuyv, usb: true));
    }
}
