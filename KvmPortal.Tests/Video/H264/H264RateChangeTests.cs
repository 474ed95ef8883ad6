using KvmPortal.Hardware.Video.H264;
using Xunit;

namespace KvmPortal.Tests.Video.H264;

/// <summary>Bitrate/GOP changes on an encoder that cannot take them while running: one rebuild for both, never one each.</summary>
public class H264RateChangeTests
{
    [Fact]
    public async Task SetRate_OnAnEncoderWithoutRuntimeChange_RebuildsOnceWithBothValues()
    {
        using var h = new BroadcasterHarness();
        h.Encoder.RateChangeSupported = false;
        using var a = h.Broadcaster.Subscribe("a");
        h.Feed(1);
        await BroadcasterHarness.Next(a);
        h.Broadcaster.SetRate(777, 5);
        var unit = await BroadcasterHarness.Next(a);
        Assert.True(unit.KeyFrame);
        Assert.Equal(1, unit.Data.Span[^1]);
        Assert.Equal((2, 1), (h.Encoder.Created, h.Encoder.Disposed));
        Assert.Equal((777, 5), (h.Encoder.Settings[^1].BitrateKbps, h.Encoder.Settings[^1].Gop));
        Assert.Empty(h.Encoder.RateChanges);
        Assert.Equal(0, h.Broadcaster.GetState().RateChanges);
    }

    [Fact]
    public async Task SetRate_WithTheSameValues_ChangesNothingAndEncodesNothing()
    {
        using var h = new BroadcasterHarness();
        using var a = h.Broadcaster.Subscribe("a");
        h.Feed(1);
        await BroadcasterHarness.Next(a);
        h.Broadcaster.SetRate(h.Broadcaster.BitrateKbps, h.Broadcaster.Gop);
        h.Feed(2);
        var next = await BroadcasterHarness.Next(a);
        Assert.False(next.KeyFrame);
        Assert.Equal(2, h.Encoder.Calls.Count);
        Assert.Empty(h.Encoder.RateChanges);
    }

    [Fact]
    public void SetRate_ClampsToThePikvmLimits()
    {
        using var h = new BroadcasterHarness();
        h.Broadcaster.SetRate(1, 100_000);
        Assert.Equal((H264Limits.MinBitrateKbps, H264Limits.MaxGop), (h.Broadcaster.BitrateKbps, h.Broadcaster.Gop));
    }
}
