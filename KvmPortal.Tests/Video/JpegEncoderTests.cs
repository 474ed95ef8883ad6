using KvmPortal.Hardware.Video;
using Xunit;

namespace KvmPortal.Tests.Video;

public class JpegEncoderTests
{
    [Theory]
    [InlineData(VideoPixelFormat.Rgb24, 1280, 720)]
    [InlineData(VideoPixelFormat.Bgr24, 640, 480)]
    [InlineData(VideoPixelFormat.Bgrx32, 320, 200)]
    [InlineData(VideoPixelFormat.Yuyv, 1920, 1080)]
    [InlineData(VideoPixelFormat.Uyvy, 1280, 720)]
    [InlineData(VideoPixelFormat.Yuyv, 802, 601)]
    public void Encode_SyntheticFrame_HeaderReportsSizeAnd420(VideoPixelFormat format, int width, int height)
    {
        byte[] frame = MakeFrame(format, width, height, out int stride);
        using var encoder = new JpegEncoder();

        byte[] jpeg = encoder.EncodeToArray(frame, format, width, height, stride, 80);

        var header = JpegInspector.ReadHeader(jpeg);
        Assert.Equal(width, header.Width);
        Assert.Equal(height, header.Height);
        Assert.Equal(2, header.Subsampling);
        Assert.Equal(0xFF, jpeg[0]);
        Assert.Equal(0xD8, jpeg[1]);
    }

    [Theory]
    [InlineData(VideoPixelFormat.Yuyv)]
    [InlineData(VideoPixelFormat.Uyvy)]
    [InlineData(VideoPixelFormat.Bgr24)]
    public void Encode_KnownColours_DecodeToSameColours(VideoPixelFormat format)
    {
        // Left half pure red, right half pure blue; chroma must land in the right planes for the colours to survive.
        const int width = 64, height = 32;
        var rgb = new byte[width * height * 3];
        for (int i = 0; i < width * height; i++)
        {
            bool left = i % width < width / 2;
            rgb[(i * 3) + (left ? 0 : 2)] = 255;
        }

        byte[] frame = format switch
        {
            VideoPixelFormat.Bgr24 => SwapRb(rgb),
            _ => SyntheticFrames.RgbToPackedYuv(rgb, width, height, format == VideoPixelFormat.Uyvy),
        };
        using var encoder = new JpegEncoder();
        byte[] jpeg = encoder.EncodeToArray(frame, format, width, height, 0, 95);

        byte[] decoded = JpegInspector.DecodeRgb24(jpeg, out _);
        int leftPixel = ((10 * width) + 8) * 3;
        int rightPixel = ((10 * width) + 56) * 3;
        Assert.InRange(decoded[leftPixel], 200, 255);
        Assert.InRange(decoded[leftPixel + 2], 0, 50);
        Assert.InRange(decoded[rightPixel], 0, 50);
        Assert.InRange(decoded[rightPixel + 2], 200, 255);
    }

    [Fact]
    public void Encode_Reuse_DifferentSizesAndQuality_StillCorrect()
    {
        using var encoder = new JpegEncoder();
        byte[] small = SyntheticFrames.CreateRgb24(160, 120);
        byte[] large = SyntheticFrames.CreateRgb24(1280, 720);

        int lowQuality = encoder.Encode(large, VideoPixelFormat.Rgb24, 1280, 720, 0, 30).Length;
        int highQuality = encoder.Encode(large, VideoPixelFormat.Rgb24, 1280, 720, 0, 95).Length;
        byte[] smallJpeg = encoder.EncodeToArray(small, VideoPixelFormat.Rgb24, 160, 120, 0, 80);

        Assert.True(highQuality > lowQuality, $"Q95 {highQuality} B should exceed Q30 {lowQuality} B");
        Assert.Equal(160, JpegInspector.ReadHeader(smallJpeg).Width);
    }

    [Fact]
    public void Encode_BufferTooSmall_Throws()
    {
        using var encoder = new JpegEncoder();
        Assert.Throws<ArgumentException>(() => encoder.Encode(new byte[100], VideoPixelFormat.Rgb24, 64, 64, 0, 80).Length);
    }

    private static byte[] MakeFrame(VideoPixelFormat format, int width, int height, out int stride)
    {
        byte[] rgb = SyntheticFrames.CreateRgb24(width, height);
        switch (format)
        {
            case VideoPixelFormat.Rgb24:
                stride = width * 3;
                return rgb;
            case VideoPixelFormat.Bgr24:
                stride = width * 3;
                return SwapRb(rgb);
            case VideoPixelFormat.Bgrx32:
                stride = (width * 4) + 64; // padded rows, like a driver's bytesperline
                var bgrx = new byte[stride * height];
                for (int y = 0; y < height; y++)
                {
                    for (int x = 0; x < width; x++)
                    {
                        int s = ((y * width) + x) * 3;
                        int d = (y * stride) + (x * 4);
                        bgrx[d] = rgb[s + 2];
                        bgrx[d + 1] = rgb[s + 1];
                        bgrx[d + 2] = rgb[s];
                    }
                }

                return bgrx;
            default:
                stride = width * 2;
                return SyntheticFrames.RgbToPackedYuv(rgb, width, height, format == VideoPixelFormat.Uyvy);
        }
    }

    private static byte[] SwapRb(byte[] rgb)
    {
        var bgr = (byte[])rgb.Clone();
        for (int i = 0; i < bgr.Length; i += 3)
        {
            (bgr[i], bgr[i + 2]) = (bgr[i + 2], bgr[i]);
        }

        return bgr;
    }
}
