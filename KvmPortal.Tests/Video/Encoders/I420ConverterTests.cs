using KvmPortal.Hardware.Video;
using KvmPortal.Hardware.Video.Encoders;
using KvmPortal.Hardware.Video.Interop;
using Xunit;

namespace KvmPortal.Tests.Video.Encoders;

public class I420ConverterTests
{
    [Theory]
    [InlineData(255, 255, 255, 235, 128, 128)] // white
    [InlineData(0, 0, 0, 16, 128, 128)] // black
    [InlineData(255, 0, 0, 82, 90, 240)] // red (BT.601 limited range)
    [InlineData(0, 0, 255, 41, 240, 110)] // blue
    public void Rgb_BecomesBt601LimitedRange(byte r, byte g, byte b, int y, int u, int v)
    {
        using var frame = Solid(VideoPixelFormat.Rgb24, 4, 2, [r, g, b]);
        byte[] i420 = I420Converter.ToI420(frame);
        Assert.All(i420[..8], value => Assert.InRange(value, y - 1, y + 1));
        Assert.All(i420[8..10], value => Assert.InRange(value, u - 1, u + 1));
        Assert.All(i420[10..12], value => Assert.InRange(value, v - 1, v + 1));
    }

    [Fact]
    public void Bgr_SwapsRedAndBlue()
    {
        using var rgb = Solid(VideoPixelFormat.Rgb24, 2, 2, [255, 0, 0]);
        using var bgr = Solid(VideoPixelFormat.Bgr24, 2, 2, [0, 0, 255]);
        Assert.Equal(I420Converter.ToI420(rgb), I420Converter.ToI420(bgr));
    }

    [Fact]
    public void Yuyv_CopiesLuma_TakesChromaFromEvenRows()
    {
        byte[] data = [10, 100, 20, 200, /* row 1 */ 30, 101, 40, 201];
        using var frame = RawVideoFrame.Wrap(data, VideoPixelFormat.Yuyv, 2, 2, 4, DateTimeOffset.UnixEpoch);
        Assert.Equal([10, 20, 30, 40, 100, 200], I420Converter.ToI420(frame));
    }

    [Fact]
    public void Mjpeg_IsDecodedWithTurboJpeg_ThenConverted()
    {
        using var rgb = Solid(VideoPixelFormat.Rgb24, 64, 32, [255, 0, 0]);
        using var jpegEncoder = new JpegEncoder();
        byte[] jpeg = jpegEncoder.EncodeToArray(rgb.Data, VideoPixelFormat.Rgb24, 64, 32, 64 * 3, 95);
        using var mjpeg = RawVideoFrame.Wrap(jpeg, VideoPixelFormat.Mjpeg, 64, 32, 0, DateTimeOffset.UnixEpoch);
        byte[] fromJpeg = I420Converter.ToI420(mjpeg);
        byte[] direct = I420Converter.ToI420(rgb);
        Assert.True(OpenH264EncoderTests.Psnr(direct, fromJpeg) > 35);
        Assert.InRange(fromJpeg[0], 78, 86); // red's luma survives the JPEG round trip
    }

    [Fact]
    public void Writer_PadsToDriverStrideAndPlaneHeight()
    {
        // A driver that pads rows to 8 bytes and the plane to 4 rows (like the Pi's 32-byte / 16-row alignment).
        using var frame = Solid(VideoPixelFormat.Rgb24, 4, 2, [255, 255, 255]);
        var format = new Hardware.Video.Encoders.M2mPlaneFormat(V4l2M2mNative.FourccYuv420, 4, 2, 8, 8 * 4 * 3 / 2);
        byte[] buffer = new byte[48];
        int used = M2mRawFrameWriter.Write(frame, format, buffer);
        Assert.Equal(48, used);
        Assert.Equal(235, buffer[0]);
        Assert.Equal(235, buffer[8 + 3]);
        Assert.Equal(0, buffer[4]); // padding untouched
        Assert.Equal(128, buffer[32]); // U plane after 8 x 4 luma bytes
        Assert.Equal(128, buffer[32 + 8]); // V plane after 4 x 2 chroma bytes
    }

    [Fact]
    public void Writer_CopiesMatchingPackedFormat_RejectsOthers()
    {
        using var frame = Solid(VideoPixelFormat.Rgb24, 2, 2, [1, 2, 3]);
        byte[] buffer = new byte[16];
        var rgb3 = new Hardware.Video.Encoders.M2mPlaneFormat(V4l2Native.FourccRgb24, 2, 2, 8, 16);
        Assert.Equal(16, M2mRawFrameWriter.Write(frame, rgb3, buffer));
        Assert.Equal([1, 2, 3, 1, 2, 3, 0, 0, 1, 2, 3, 1, 2, 3, 0, 0], buffer);
        var yuyv = new Hardware.Video.Encoders.M2mPlaneFormat(V4l2Native.FourccYuyv, 2, 2, 4, 8);
        Assert.Throws<NotSupportedException>(() => M2mRawFrameWriter.Write(frame, yuyv, buffer));
    }

    [Fact]
    public void Settings_RejectOddSizes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new VideoEncoderSettings { Width = 641 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new VideoEncoderSettings { Gop = -1 }.Validate());
        new VideoEncoderSettings().Validate();
    }

    private static RawVideoFrame Solid(VideoPixelFormat format, int width, int height, byte[] pixel)
    {
        byte[] data = new byte[width * height * 3];
        for (int i = 0; i < data.Length; i += 3)
        {
            pixel.CopyTo(data, i);
        }

        return RawVideoFrame.Wrap(data, format, width, height, width * 3, DateTimeOffset.UnixEpoch);
    }
}
