using Xunit;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KvmPortal.Tests.Simulation;

public sealed class SimulatedDisplayTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void Render_WhenOff_IsBlackAndVersionStable()
    {
        using var target = Create(640, 400);
        var frame = new byte[640 * 400 * 3];
        Array.Fill(frame, (byte)0x5A);

        var version = target.RenderRgb24(frame);

        Assert.All(frame, b => Assert.Equal(0, b));
        Assert.Equal(version, target.FrameVersion);
        Assert.Equal(version, target.RenderRgb24(frame));
    }

    [Fact]
    public void Render_AtOnePixelPerGlyphPixel_DrawsTheFontBits()
    {
        // 80x25 cells of 8x16 on 640x400: one screen pixel per font pixel, so every pixel can be checked against the font.
        using var target = Create(640, 400);
        PowerOn(target);
        var frame = new byte[640 * 400 * 3];
        target.RenderRgb24(frame);

        var lines = target.ScreenLines;
        for (var column = 0; column < lines[0].Length; column++)
        {
            var glyph = ConsoleFont.Glyph(lines[0][column]);
            for (var gy = 0; gy < 16; gy++)
            {
                for (var gx = 0; gx < 8; gx++)
                {
                    var offset = ((gy * 640) + (column * 8) + gx) * 3;
                    var expectedOn = (glyph[gy] & (0x80 >> gx)) != 0;
                    Assert.Equal(expectedOn ? 0xFF : 0x00, frame[offset]); // the banner is white on black
                }
            }
        }
    }

    [Fact]
    public void Font_CoversPrintableAsciiWithDistinctGlyphs()
    {
        var seen = new HashSet<string>();
        for (var c = '!'; c <= '~'; c++)
        {
            var glyph = ConsoleFont.Glyph(c).ToArray();
            Assert.Contains(glyph, b => b != 0);
            Assert.True(seen.Add(Convert.ToHexString(glyph)), $"glyph of '{c}' duplicates another");
        }

        Assert.All(ConsoleFont.Glyph(' ').ToArray(), b => Assert.Equal(0, b));
        Assert.Equal(ConsoleFont.Glyph('?').ToArray(), ConsoleFont.Glyph('\u00e9').ToArray());
    }

    [Fact]
    public void FrameVersion_ChangesOnlyWhenThePictureChanges()
    {
        using var target = Create(1280, 720);
        var off = target.FrameVersion;
        PowerOn(target);
        var booted = target.FrameVersion;
        Assert.NotEqual(off, booted);

        target.KeyboardReport(new byte[8]);
        target.RenderRgb24(new byte[1280 * 720 * 3]);
        Assert.Equal(booted, target.FrameVersion);

        target.KeyboardReport(HidReports.Keys(0, 0x04));
        Assert.NotEqual(booted, target.FrameVersion);
        var typed = target.FrameVersion;

        target.RelativeMouseReport([0, 5, 5, 0, 0]);
        Assert.NotEqual(typed, target.FrameVersion);
    }

    [Fact]
    public void Render_DrawsThePointerWithItsTipAtThePointerPosition()
    {
        using var target = Create(1280, 720);
        PowerOn(target);
        target.AbsoluteMouseReport([0, 0x00, 0x40, 0x00, 0x40, 0, 0]);
        var (x, y) = target.PointerPosition;
        var frame = new byte[1280 * 720 * 3];
        target.RenderRgb24(frame);

        // The tip is outline (black); a few pixels down and right is the white fill.
        Assert.Equal([0, 0, 0], frame.AsSpan(((y * 1280) + x) * 3, 3).ToArray());
        Assert.Equal([0xFF, 0xFF, 0xFF], frame.AsSpan((((y + 12) * 1280) + x + 4) * 3, 3).ToArray());
    }

    [Fact]
    public void Render_RejectsAShortBuffer()
    {
        using var target = Create(640, 400);
        Assert.Throws<ArgumentException>(() => target.RenderRgb24(new byte[10]));
    }

    [Fact]
    public void AddKvmSimulation_ForwardsEveryContractToTheOneTarget()
    {
        // The test project has no DI container implementation, so the forwarding factories are invoked directly.
        var services = new ServiceCollection();
        services.AddKvmSimulation();
        using var target = Create(640, 400);
        var provider = new SingleServiceProvider(typeof(SimulatedTarget), target);

        var own = Assert.Single(services, d => d.ServiceType == typeof(SimulatedTarget));
        Assert.Equal(ServiceLifetime.Singleton, own.Lifetime);
        Assert.Equal(typeof(SimulatedTarget), own.ImplementationType);
        foreach (var contract in new[] { typeof(ISimulatedDisplay), typeof(ISimulatedHidSink), typeof(ISimulatedMediaSink) })
        {
            var forward = Assert.Single(services, d => d.ServiceType == contract);
            Assert.Equal(ServiceLifetime.Singleton, forward.Lifetime);
            Assert.Same(target, forward.ImplementationFactory!(provider));
        }
    }

    private SimulatedTarget Create(int width, int height) =>
        new(Options.Create(new SimulationOptions { ScreenWidth = width, ScreenHeight = height }), _time);

    private void PowerOn(SimulatedTarget target)
    {
        target.SetPowerButton(true);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        target.SetPowerButton(false);
    }
}
