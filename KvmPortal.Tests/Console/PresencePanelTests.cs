using Bunit;
using KvmPortal.Auth;
using KvmPortal.Console;
using KvmPortal.Hid;
using KvmPortal.Tests.Hid;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Console;

public sealed class PresencePanelTests : KvmBunitContext
{
    private readonly ConsolePresence _presence = new();
    private readonly ConsoleSession _admin = ConsolePresenceTests.Admin("alice");
    private readonly ConsoleSession _oscar = ConsolePresenceTests.Operator("oscar");
    private readonly ConsoleSession _otto = ConsolePresenceTests.Operator("otto");
    private readonly ConsoleSession _vera = ConsolePresenceTests.Viewer("vera");

    public PresencePanelTests()
    {
        Services.AddSingleton(_presence);
        foreach (var s in new[] { _admin, _oscar, _otto, _vera })
        {
            _presence.Join(s);
        }
    }

    [Fact]
    public void Shared_ListsEveryone_AndOffersExclusiveToOperators()
    {
        var panel = Render(_oscar);

        Assert.Equal(["alice", "oscar", "otto", "vera"], panel.FindAll("[data-testid=presence-entry]").Select(e => e.GetAttribute("data-user")));
        Assert.Contains("shared input", panel.Find("[data-testid=control-mode]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(panel.Find("[data-testid=mode-exclusive]"));
        Assert.DoesNotContain("has control", panel.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void OneRowPerUser_WithTheNumberOfTabs()
    {
        var secondTab = ConsolePresenceTests.Operator("oscar");
        _presence.Join(secondTab);
        var panel = Render(_oscar);

        Assert.Equal(["alice", "oscar", "otto", "vera"], panel.FindAll("[data-testid=presence-entry]").Select(e => e.GetAttribute("data-user")));
        var oscar = panel.Find("[data-testid=presence-entry][data-user=oscar]");
        Assert.Equal("2", oscar.GetAttribute("data-tabs"));
        Assert.Contains("2 tabs", oscar.TextContent, StringComparison.Ordinal);

        _presence.Leave(secondTab);
        panel.WaitForAssertion(() => Assert.Equal("1", panel.Find("[data-testid=presence-entry][data-user=oscar]").GetAttribute("data-tabs")));
    }

    [Fact]
    public void Viewer_GetsNoControlButtons()
    {
        _presence.SetMode(_oscar, ControlMode.Exclusive);
        var panel = Render(_vera);

        Assert.Empty(panel.FindAll("button"));
        Assert.Contains("exclusive input", panel.Find("[data-testid=control-mode]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Exclusive_HolderBadge_OnTheHoldersEntryOnly()
    {
        _presence.SetMode(_oscar, ControlMode.Exclusive);
        var panel = Render(_otto);

        var holderEntries = panel.FindAll("[data-testid=presence-entry]").Where(e => e.TextContent.Contains("has control", StringComparison.Ordinal));
        Assert.Equal(["oscar"], holderEntries.Select(e => e.GetAttribute("data-user")));
    }

    [Fact]
    public void Exclusive_OtherOperator_CanOnlyAsk_AndTheHolderIsAsked()
    {
        _presence.SetMode(_oscar, ControlMode.Exclusive);
        ConsoleSession? asking = null;
        _presence.ControlRequested += (_, s) => asking = s;
        var panel = Render(_otto);

        Assert.Empty(panel.FindAll("[data-testid=take-control]"));
        panel.Find("[data-testid=ask-control]").Click();

        Assert.Same(_otto, asking);
        Assert.Equal(_oscar.Id, _presence.Holder?.Id);
    }

    [Fact]
    public void Exclusive_Admin_TakesOver()
    {
        _presence.SetMode(_oscar, ControlMode.Exclusive);
        var panel = Render(_admin);

        var take = panel.Find("[data-testid=take-control]");
        Assert.Contains("Take over", take.TextContent, StringComparison.Ordinal);
        take.Click();

        Assert.Equal(_admin.Id, _presence.Holder?.Id);
        panel.WaitForAssertion(() => Assert.NotNull(panel.Find("[data-testid=mode-shared]")));
    }

    [Fact]
    public void Exclusive_Holder_CanShareOrRelease()
    {
        _presence.SetMode(_oscar, ControlMode.Exclusive);
        var panel = Render(_oscar);

        Assert.NotNull(panel.Find("[data-testid=mode-shared]"));
        Assert.Contains("Release control", panel.Markup, StringComparison.Ordinal);
        panel.Find("[data-testid=mode-shared]").Click();

        Assert.Equal(ControlMode.Shared, _presence.Mode);
        panel.WaitForAssertion(() => Assert.NotNull(panel.Find("[data-testid=mode-exclusive]")));
    }

    [Fact]
    public void HolderLeaves_OtherOperatorMayTakeControl()
    {
        _presence.SetMode(_oscar, ControlMode.Exclusive);
        var panel = Render(_otto);
        Assert.NotNull(panel.Find("[data-testid=ask-control]"));

        _presence.Leave(_oscar);

        panel.WaitForAssertion(() => Assert.Contains("Take control", panel.Find("[data-testid=take-control]").TextContent, StringComparison.Ordinal));
        panel.Find("[data-testid=take-control]").Click();
        Assert.Equal(_otto.Id, _presence.Holder?.Id);
    }

    [Fact]
    public void ViewOnlyBadge_IsShown()
    {
        _presence.SetViewOnly(_otto, true);
        var panel = Render(_oscar);

        var entry = panel.Find("[data-testid=presence-entry][data-user=otto]");
        Assert.Contains("view only", entry.TextContent, StringComparison.Ordinal);
    }

    private IRenderedComponent<PresencePanel> Render(ConsoleSession session)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(session.UserName);
        auth.SetPolicies([.. Roles.PermissionsOf(session.Role)]);
        return RenderInteractive<PresencePanel>(p => p.Add(c => c.Session, session));
    }
}
