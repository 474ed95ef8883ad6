using KvmPortal.Hardware.Video;
using KvmPortal.Hardware.Video.Encoders;
using Xunit;

namespace KvmPortal.Tests.Video.Encoders;

/// <summary>
/// openh264's runtime options: bitrate and IDR interval changed on the running encoder (no new encoder) take effect: the
/// periodic key frames follow the new GOP, and the same partly changing noisy pictures code much smaller at a tenth of the bitrate.
/// </summary>
public sealed class OpenH264RateChangeTests
{
    private const int Size = 320;

    [Fact]
    public void TryChangeRate_NewGopAndBitrate_TakeEffectOnTheRunningEncoder()
    {
        using var encoder = OpenH264Encoder.Create(new VideoEncoderSettings { Width = Size, Height = Size, BitrateKbps = 8000, Gop = 0, FramesPerSecond = 30 });
        var random = new Random(20);
        var picture = new byte[Size * Size * 3];
        random.NextBytes(picture);
        (long bytes, List<int> keys) Run(int frames, int offset)
        {
            long total = 0;
            var keys = new List<int>();
            for (int i = 0; i < frames; i++)
            {
                for (int n = 0; n < picture.Length / 10; n++)
                {
                    picture[random.Next(picture.Length)] = (byte)random.Next(256); // a tenth changes: hard to code, no scene cut
                }

                var data = picture.ToArray();
                using var frame = RawVideoFrame.Wrap(data, VideoPixelFormat.Rgb24, Size, Size, Size * 3, DateTimeOffset.UnixEpoch.AddMilliseconds((offset + i) * 33));
                EncodedVideoFrame coded = encoder.Encode(frame, forceKeyFrame: i == 0, CancellationToken.None) ?? throw new InvalidOperationException($"frame {i} skipped");
                if (coded.KeyFrame)
                {
                    keys.Add(i);
                }
                else
                {
                    total += coded.Data.Length;
                }
            }

            return (total, keys);
        }

        var (highBytes, highKeys) = Run(20, 0);
        Assert.Equal([0], highKeys); // GOP 0: only the forced key frame
        Assert.True(encoder.TryChangeRate(800, 5));
        Assert.Equal((800, 5), (encoder.Settings.BitrateKbps, encoder.Settings.Gop));
        var (lowBytes, lowKeys) = Run(20, 20);
        Assert.Equal([0, 5, 10, 15], lowKeys);
        Assert.True(lowBytes * 3 < highBytes, $"P-frames at 800 kbit/s took {lowBytes} B, at 8000 kbit/s {highBytes} B: the bitrate change had no effect");
    }
}
