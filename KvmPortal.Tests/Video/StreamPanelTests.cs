using Bunit;
using KvmPortal.Auth;
using KvmPortal.Hardware.Video;
using KvmPortal.Tests.Support;
using KvmPortal.Video;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KvmPortal.Tests.Video;

public sealed class StreamPanelTests : KvmBunitContext
{
    private readonly VideoStreamer _streamer;

    public StreamPanelTests()
    {
        var options = Options.Create(new VideoOptions { JpegQuality = 70, DesiredFps = 25 });
        _streamer = new VideoStreamer(new DisabledVideoSource(), options, TimeProvider.System, NullLogger<VideoStreamer>.Instance);
        Services.AddSingleton(_streamer);
    }

    [Fact]
    public void WithControl_ShowsTheQualityAndFpsSliders()
    {
        var panel = Render(Roles.Operator);

        Assert.Contains("JPEG quality: 70", panel.Markup, StringComparison.Ordinal);
        Assert.Contains("Frames per second: 25", panel.Markup, StringComparison.Ordinal);
        Assert.Equal(2, panel.FindAll(".mud-slider").Count);
    }

    [Fact]
    public void ViewOnlyRole_SeesTheSettings_ButNoSliders()
    {
        var panel = Render(Roles.Viewer);

        Assert.Contains("Quality 70 · 25 fps", panel.Markup, StringComparison.Ordinal);
        Assert.Empty(panel.FindAll(".mud-slider"));
    }

    private IRenderedComponent<StreamPanel> Render(string role)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("someone");
        auth.SetPolicies([.. Roles.PermissionsOf(role)]);
        return RenderInteractive<StreamPanel>();
    }
}
