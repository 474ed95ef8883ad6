using KvmPortal.Hardware.Video.H264;
using Xunit;

namespace KvmPortal.Tests.Video.H264;

public class DesktopSequenceTests
{
    [Fact]
    public async Task TheSequenceIsTheSameOnEveryRun_AndEveryFrameDiffersFromTheOneBefore()
    {
        var first = await DesktopSequence.GenerateAsync(640, 360, 4, CancellationToken.None);
        var second = await DesktopSequence.GenerateAsync(640, 360, 4, CancellationToken.None);
        Assert.Equal(12, first.Count);
        Assert.Equal(DesktopSequence.Md5(first), DesktopSequence.Md5(second));
        for (var i = 1; i < first.Count; i++)
        {
            Assert.False(first[i].AsSpan().SequenceEqual(first[i - 1]), $"frame {i} repeats frame {i - 1}: the sequence would not move");
        }
    }

    [Fact]
    public void Ssim_IsOneForIdenticalPlanes_AndLowerForANoisyCopy()
    {
        var a = new byte[64 * 64];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = (byte)(i * 7 % 251);
        }

        var b = (byte[])a.Clone();
        for (var i = 0; i < b.Length; i += 3)
        {
            b[i] ^= 0x20;
        }

        Assert.Equal(1.0, Ssim.Plane(a, a, 64, 64), 6);
        Assert.InRange(Ssim.Plane(a, b, 64, 64), 0.0, 0.99);
    }
}
