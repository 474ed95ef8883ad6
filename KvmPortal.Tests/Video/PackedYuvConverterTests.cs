using KvmPortal.Hardware.Video;
using Xunit;

namespace KvmPortal.Tests.Video;

public class PackedYuvConverterTests
{
    [Theory]
    [InlineData(false, 50, 5)] // 3 SIMD blocks + scalar tail, odd height
    [InlineData(true, 64, 4)]
    public unsafe void ToI420_MatchesPlainDeinterleave(bool uyvy, int width, int height)
    {
        var random = new Random(1);
        int stride = (width * 2) + 8; // padded rows
        var packed = new byte[stride * height];
        random.NextBytes(packed);
        int chromaWidth = width / 2, chromaHeight = (height + 1) / 2;
        var planes = new byte[(width * height) + (2 * chromaWidth * chromaHeight)];

        fixed (byte* src = packed)
        fixed (byte* y = planes)
        {
            byte* u = y + (width * height);
            PackedYuvConverter.ToI420(src, stride, width, height, uyvy, y, u, u + (chromaWidth * chromaHeight));
        }

        int yOff = uyvy ? 1 : 0, uOff = uyvy ? 0 : 1;
        for (int row = 0; row < height; row++)
        {
            for (int x = 0; x < width; x++)
            {
                Assert.Equal(packed[(row * stride) + (x * 2) + yOff], planes[(row * width) + x]);
            }
        }

        int uBase = width * height, vBase = uBase + (chromaWidth * chromaHeight);
        for (int row = 0; row < chromaHeight; row++)
        {
            for (int x = 0; x < chromaWidth; x++)
            {
                int p = (row * 2 * stride) + (x * 4);
                Assert.Equal(packed[p + uOff], planes[uBase + (row * chromaWidth) + x]);
                Assert.Equal(packed[p + uOff + 2], planes[vBase + (row * chromaWidth) + x]);
            }
        }
    }
}
