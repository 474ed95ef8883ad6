using Bunit;
using KvmPortal.Atx;
using KvmPortal.Auth;
using KvmPortal.Hardware.Atx;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace KvmPortal.Tests.Atx;

public sealed class PowerPanelTests : KvmBunitContext
{
    private static readonly string[] Buttons = ["power-on", "power-off", "power-off-hard", "power-reset"];
    private readonly FakeAtxPower _atx = new();

    public PowerPanelTests() => Services.AddSingleton<IAtxPower>(_atx);

    [Fact]
    public void Off_OnlyOnIsEnabled()
    {
        var panel = Render(Roles.Operator);

        Assert.Equal("false", panel.Find("[data-testid=power-led]").GetAttribute("data-on"));
        Assert.False(Disabled(panel, "power-on"));
        Assert.True(Disabled(panel, "power-off"));
        Assert.True(Disabled(panel, "power-off-hard"));
        Assert.True(Disabled(panel, "power-reset"));
        Assert.Empty(panel.FindAll("[data-testid=atx-busy]"));
        Assert.Empty(panel.FindAll("[data-testid=atx-disabled]"));
    }

    [Fact]
    public void On_OffAndResetAreEnabled_OnIsNot()
    {
        _atx.Set(new AtxState(true, false, true, false));
        var panel = Render(Roles.Operator);

        Assert.Equal("true", panel.Find("[data-testid=power-led]").GetAttribute("data-on"));
        Assert.True(Disabled(panel, "power-on"));
        Assert.False(Disabled(panel, "power-off"));
        Assert.False(Disabled(panel, "power-off-hard"));
        Assert.False(Disabled(panel, "power-reset"));
    }

    [Fact]
    public void Busy_ShowsBadge_AndDisablesEveryButton()
    {
        _atx.Set(new AtxState(true, true, true, false));
        var panel = Render(Roles.Operator);

        Assert.NotNull(panel.Find("[data-testid=atx-busy]"));
        Assert.All(Buttons, b => Assert.True(Disabled(panel, b), b));
    }

    [Fact]
    public void AtxDisabled_ShowsBadge_AndDisablesEveryButton()
    {
        _atx.Set(new AtxState(false, false, false, false));
        var panel = Render(Roles.Admin);

        Assert.NotNull(panel.Find("[data-testid=atx-disabled]"));
        Assert.Empty(panel.FindAll("[data-testid=atx-busy]"));
        Assert.All(Buttons, b => Assert.True(Disabled(panel, b), b));
    }

    [Fact]
    public void WithoutPowerPermission_NoButtons_ButTheLedIsShown()
    {
        _atx.Set(new AtxState(true, false, true, false));
        var panel = Render(Roles.Viewer);

        Assert.All(Buttons, b => Assert.Empty(panel.FindAll($"[data-testid={b}]")));
        Assert.Contains("Your role cannot use the power buttons.", panel.Markup, StringComparison.Ordinal);
        Assert.Equal("true", panel.Find("[data-testid=power-led]").GetAttribute("data-on"));
    }

    [Fact]
    public void StateChange_FromTheBackend_IsShownAtOnce()
    {
        var panel = Render(Roles.Operator);

        _atx.Set(new AtxState(true, false, true, true));

        panel.WaitForAssertion(() => Assert.Equal("true", panel.Find("[data-testid=power-led]").GetAttribute("data-on")));
        panel.WaitForAssertion(() => Assert.True(Disabled(panel, "power-on")));
    }

    [Fact]
    public void On_PowersOnWithoutAConfirmation()
    {
        var panel = Render(Roles.Operator);
        var opened = CountDialogs();

        panel.Find("[data-testid=power-on]").Click();

        panel.WaitForAssertion(() => Assert.Equal([AtxPowerAction.On], _atx.Actions));
        Assert.Empty(opened);
    }

    [Theory]
    [InlineData("power-off", AtxPowerAction.Off)]
    [InlineData("power-off-hard", AtxPowerAction.OffHard)]
    [InlineData("power-reset", AtxPowerAction.ResetHard)]
    public void OffAndReset_AskForConfirmation_AndActOnlyOnYes(string button, AtxPowerAction action)
    {
        _atx.Set(new AtxState(true, false, true, false));
        var panel = Render(Roles.Operator);
        var provider = Render<MudDialogProvider>();
        var opened = CountDialogs();

        panel.Find($"[data-testid={button}]").Click();
        panel.WaitForAssertion(() => Assert.Equal(["Power"], opened));
        Assert.Empty(_atx.Actions);

        provider.WaitForAssertion(() => Assert.Contains(provider.FindAll("button"), b => b.TextContent.Trim() == "Yes"));
        provider.FindAll("button").First(b => b.TextContent.Trim() == "Yes").Click();

        panel.WaitForAssertion(() => Assert.Equal([action], _atx.Actions));
    }

    [Fact]
    public void Confirmation_AnsweredNo_DoesNothing()
    {
        _atx.Set(new AtxState(true, false, true, false));
        var panel = Render(Roles.Operator);
        var opened = CountDialogs();

        panel.Find("[data-testid=power-reset]").Click();
        panel.WaitForAssertion(() => Assert.Single(opened));
        _dialogs.Single().Dismiss(DialogResult.Ok(false));

        panel.WaitForAssertion(() => Assert.Empty(panel.FindAll("[data-testid=atx-busy]")));
        Assert.Empty(_atx.Actions);
    }

    [Fact]
    public void BusyBackend_ShowsAWarning()
    {
        _atx.ThrowNext = new AtxBusyException();
        var panel = Render(Roles.Operator);

        panel.Find("[data-testid=power-on]").Click();

        panel.WaitForAssertion(() => Assert.Contains(Snackbars, m => m.Message == "Another power action is running."));
        Assert.Empty(_atx.Actions);
    }

    private static bool Disabled(IRenderedComponent<PowerPanel> panel, string testId) =>
        panel.Find($"[data-testid={testId}]").HasAttribute("disabled");

    private readonly List<IDialogReference> _dialogs = [];

    /// <summary>Records each dialog the panel opens (title first); the test answers through <see cref="IDialogReference.Dismiss"/>.</summary>
    private List<string> CountDialogs()
    {
        var titles = new List<string>();
        Services.GetRequiredService<IDialogService>().DialogInstanceAddedAsync += reference =>
        {
            _dialogs.Add(reference);
            titles.Add("Power");
            return Task.CompletedTask;
        };
        return titles;
    }

    private IRenderedComponent<PowerPanel> Render(string role)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("someone");
        auth.SetPolicies([.. Roles.PermissionsOf(role)]);
        return RenderInteractive<PowerPanel>();
    }
}
