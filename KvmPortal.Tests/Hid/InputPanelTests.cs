using Bunit;
using KvmPortal.Auth;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hid;
using KvmPortal.Tests.Console;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace KvmPortal.Tests.Hid;

public sealed class InputPanelTests : KvmBunitContext
{
    private readonly FakeHidOutput _hid = new();
    private readonly ConsolePresence _presence = new();

    public InputPanelTests()
    {
        var options = Options.Create(new HidOptions());
        Services.AddSingleton<IHidOutput>(_hid);
        Services.AddSingleton(_presence);
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(new HidJiggler(_hid, TimeProvider.System, options, NullLogger<HidJiggler>.Instance));
        Gate = TestInputGate.For(_hid, _presence);
        Services.AddSingleton(Gate);
    }

    private KvmPortal.Hid.InputGate Gate { get; }

    [Fact]
    public void Operator_SeesTheInputControls()
    {
        var panel = Render(ConsolePresenceTests.Operator());

        Assert.NotNull(panel.Find("[data-testid=paste]"));
        Assert.NotNull(panel.Find("[data-testid=shortcuts]"));
        Assert.NotNull(panel.Find("textarea"));
    }

    [Fact]
    public void Viewer_SeesNoInputControls()
    {
        var panel = Render(ConsolePresenceTests.Viewer());

        Assert.Empty(panel.FindAll("[data-testid=paste]"));
        Assert.Empty(panel.FindAll("[data-testid=shortcuts]"));
        Assert.Empty(panel.FindAll("textarea"));
    }

    [Fact]
    public void ViewOnly_HidesTheControls()
    {
        var session = ConsolePresenceTests.Operator();
        var panel = Render(session);

        _presence.SetViewOnly(session, true);

        panel.WaitForAssertion(() => Assert.Empty(panel.FindAll("[data-testid=paste]")));
    }

    [Fact]
    public void ExclusiveHeldByAnother_HidesTheControls_UntilReleased()
    {
        var session = ConsolePresenceTests.Operator("oscar");
        var holder = ConsolePresenceTests.Operator("otto");
        _presence.Join(holder);
        var panel = Render(session);

        _presence.SetMode(holder, ControlMode.Exclusive);
        panel.WaitForAssertion(() => Assert.Empty(panel.FindAll("[data-testid=paste]")));

        _presence.SetMode(holder, ControlMode.Shared);
        panel.WaitForAssertion(() => Assert.NotNull(panel.Find("[data-testid=paste]")));
    }

    [Fact]
    public void Paste_WithUntypeableCharacters_IsRefusedBeforeTyping()
    {
        var panel = Render(ConsolePresenceTests.Operator());
        Assert.True(panel.Find("[data-testid=paste]").HasAttribute("disabled"));

        panel.Find("textarea").Input("ok ж");
        panel.WaitForAssertion(() => Assert.False(panel.Find("[data-testid=paste]").HasAttribute("disabled")));
        panel.Find("[data-testid=paste]").Click();

        panel.WaitForAssertion(() => Assert.Contains(Snackbars, m =>
            m.Severity == Severity.Error && m.Message != null && m.Message.StartsWith("Cannot type", StringComparison.Ordinal) && m.Message.Contains("en-us", StringComparison.Ordinal) && m.Message.Contains('ж', StringComparison.Ordinal)));
        Assert.Empty(_hid.Calls);
    }

    private IRenderedComponent<InputPanel> Render(ConsoleSession session)
    {
        _presence.Join(session);
        var auth = AddAuthorization();
        auth.SetAuthorized(session.UserName);
        auth.SetPolicies([.. Roles.PermissionsOf(session.Role)]);
        var client = Gate.OpenConsole(session);
        return RenderInteractive<InputPanel>(p => p.Add(c => c.Session, session).AddCascadingValue(client));
    }
}
