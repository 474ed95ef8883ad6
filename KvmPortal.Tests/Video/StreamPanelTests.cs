using Bunit;
using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Hardware.Video;
using KvmPortal.Hardware.Video.H264;
using KvmPortal.Tests.Support;
using KvmPortal.Tests.Video.H264;
using KvmPortal.Video;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KvmPortal.Tests.Video;

public sealed class StreamPanelTests : KvmBunitContext
{
    private readonly VideoStreamer _streamer;
    private readonly FakeH264Encoder.Log _encoders = new();
    private H264Broadcaster? _h264;

    public StreamPanelTests()
    {
        var options = Options.Create(new VideoOptions { JpegQuality = 70, DesiredFps = 25 });
        _streamer = new VideoStreamer(new DisabledVideoSource(), options, TimeProvider.System, NullLogger<VideoStreamer>.Instance);
        Services.AddSingleton(_streamer);
        Services.AddSingleton(_ => _h264 ??= Broadcaster(enabled: true));
    }

    [Fact]
    public void WithControl_ShowsTheQualityFpsAndH264Sliders()
    {
        var panel = Render(Roles.Operator);

        Assert.Contains("JPEG quality: 70", panel.Markup, StringComparison.Ordinal);
        Assert.Contains("Frames per second: 25", panel.Markup, StringComparison.Ordinal);
        Assert.Contains("H.264 bitrate: 5 Mbit/s", panel.Markup, StringComparison.Ordinal);
        Assert.Contains("H.264 key frame every: when needed", panel.Markup, StringComparison.Ordinal);
        Assert.Equal(4, panel.FindAll(".mud-slider").Count);
    }

    [Fact]
    public void H264Unavailable_OnlyTheJpegSliders()
    {
        _h264 = Broadcaster(enabled: false);
        var panel = Render(Roles.Operator);

        Assert.Equal(2, panel.FindAll(".mud-slider").Count);
        Assert.DoesNotContain("H.264", panel.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void ViewOnlyRole_SeesTheSettings_ButNoSliders()
    {
        var panel = Render(Roles.Viewer);

        Assert.Contains("Quality 70 · 25 fps · H.264 5 Mbit/s, key frame every when needed", panel.Markup, StringComparison.Ordinal);
        Assert.Empty(panel.FindAll(".mud-slider"));
    }

    [Fact]
    public async Task BitrateAndGopChanges_ApplyToTheRunningEncoderWithAKeyFrame_AndAreAudited()
    {
        var panel = Render(Roles.Operator);
        var h264 = Services.GetRequiredService<H264Broadcaster>();
        using var viewer = h264.Subscribe("viewer");
        using (var picture = BroadcasterHarness.Picture(7))
        {
            h264.OnRawFrame(picture, VideoSignalState.Online);
        }

        Assert.True((await BroadcasterHarness.Next(viewer)).KeyFrame);

        Slider(panel, 2).Change("3000");
        var rekeyed = await BroadcasterHarness.Next(viewer); // the same picture again, by the running encoder at the new bitrate
        Assert.True(rekeyed.KeyFrame);
        Assert.Equal(7, rekeyed.Data.Span[^1]);
        Assert.Equal(3000, h264.BitrateKbps);
        Assert.Equal([(3000, 0)], _encoders.RateChanges);

        Slider(panel, 3).Change("30");
        Assert.True((await BroadcasterHarness.Next(viewer)).KeyFrame);
        Assert.Equal([(3000, 0), (3000, 30)], _encoders.RateChanges);
        Assert.Equal(1, _encoders.Created); // changed while running, never rebuilt
        panel.WaitForAssertion(() => Assert.Contains("H.264 bitrate: 3 Mbit/s", panel.Markup, StringComparison.Ordinal));

        Assert.Equal([AuditActions.SettingsChanged, AuditActions.SettingsChanged], AuditLog.Rows.Select(r => r.Action));
        Assert.Equal(["h264_bitrate 5000 → 3000", "h264_gop 0 → 30"], AuditLog.Details);
        Assert.All(AuditLog.Rows, r => Assert.Equal(("someone", "streamer"), (r.User, r.Target)));
    }

    [Fact]
    public void JpegQualityChange_IsAudited_AndTheSameValueIsNot()
    {
        var panel = Render(Roles.Operator);

        Slider(panel, 0).Change("55");
        Slider(panel, 0).Change("55");

        Assert.Equal(55, _streamer.JpegQuality);
        Assert.Equal(["quality 70 → 55"], AuditLog.Details);
    }

    /// <summary>The range inputs in panel order: quality, fps, H.264 bitrate, H.264 GOP.</summary>
    private static AngleSharp.Dom.IElement Slider(IRenderedComponent<StreamPanel> panel, int index) => panel.FindAll("input[type=range]")[index];

    private H264Broadcaster Broadcaster(bool enabled) => new(
        _streamer, Options.Create(new H264Options { Enabled = enabled }), TimeProvider.System, NullLogger<H264Broadcaster>.Instance, _encoders.Create);

    private IRenderedComponent<StreamPanel> Render(string role)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("someone");
        auth.SetPolicies([.. Roles.PermissionsOf(role)]);
        return RenderInteractive<StreamPanel>();
    }
}
