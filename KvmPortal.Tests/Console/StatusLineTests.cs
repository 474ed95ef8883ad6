using Bunit;
using KvmPortal.Console;
using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hardware.Video;
using KvmPortal.Tests.Support;
using KvmPortal.Video;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Console;

/// <summary>The console's status line: pushed LEDs, host state, capture hint and the video figures' wording.</summary>
public sealed class StatusLineTests : KvmBunitContext
{
    private readonly FakeHidOutput _hid = new();
    private readonly FakeAtxPower _atx = new();

    public StatusLineTests()
    {
        Services.AddSingleton<IHidOutput>(_hid);
        Services.AddSingleton<IAtxPower>(_atx);
    }

    [Fact]
    public void KeyboardLeds_FollowTheHost_WithoutAReload()
    {
        var line = RenderInteractive<StatusLine>();
        Assert.Equal("false", line.Find("[data-testid=caps-led]").GetAttribute("data-on"));

        _hid.Set(_hid.State with { Leds = KeyboardLeds.CapsLock | KeyboardLeds.NumLock });

        line.WaitForAssertion(() => Assert.Equal("true", line.Find("[data-testid=caps-led]").GetAttribute("data-on")));
        Assert.Equal("true", line.Find("[data-testid=num-led]").GetAttribute("data-on"));
        Assert.Equal("false", line.Find("[data-testid=scroll-led]").GetAttribute("data-on"));
    }

    [Fact]
    public void HostConnection_AndPowerLed_FollowTheBackends()
    {
        _hid.Set(new HidState(HidBackend.UsbGadget, true, false, KeyboardLeds.None));
        var line = RenderInteractive<StatusLine>();
        Assert.Equal("host not connected", line.Find("[data-testid=host-state]").TextContent.Trim());
        Assert.Equal("false", line.Find("[data-testid=status-power-led]").GetAttribute("data-on"));

        _hid.Set(new HidState(HidBackend.UsbGadget, true, true, KeyboardLeds.None));
        _atx.Set(new AtxState(true, false, true, true));

        line.WaitForAssertion(() => Assert.Equal("host connected", line.Find("[data-testid=host-state]").TextContent.Trim()));
        line.WaitForAssertion(() => Assert.Equal("true", line.Find("[data-testid=status-power-led]").GetAttribute("data-on")));
        Assert.Equal("true", line.Find("[data-testid=status-disk-led]").GetAttribute("data-on"));
    }

    [Fact]
    public void Captured_ShowsHowToRelease()
    {
        var line = RenderInteractive<StatusLine>(p => p.Add(c => c.Captured, true));

        Assert.Contains("press Esc to release", line.Find("[data-testid=captured]").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, null, "1280×720 · static screen")]
    [InlineData(24, 35L, "1280×720 · 24 frames in the last second · 35 ms capture to screen")]
    [InlineData(3, null, "1280×720 · 3 frames in the last second")]
    [InlineData(1, 12L, "1280×720 · 1 frame in the last second · 12 ms capture to screen")]
    public void VideoFigures_AreWordedFromWhatWasDrawn(int frames, long? latency, string expected)
    {
        var stats = new VideoStats(1280, 720, frames, latency, VideoSignalState.Online);

        var line = RenderInteractive<StatusLine>(p => p.Add(c => c.Stats, stats));

        Assert.Equal(expected, line.Find("[data-testid=video-status]").TextContent.Trim());
    }
}
