using Bunit;
using KvmPortal.Components.Layout;
using KvmPortal.Security;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Components;

public sealed class LayoutTests : KvmBunitContext
{
    [Fact]
    public void Admin_SeesEveryNavigationEntry()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("alice");
        auth.SetPolicies([.. Roles.PermissionsOf(Roles.Admin)]);

        var menu = RenderInteractive<NavMenu>();

        foreach (var entry in new[] { "Console", "Macros", "Health", "Admin", "Users", "Audit" })
        {
            Assert.Contains(entry, menu.Markup, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Viewer_SeesNoAdminOrMacroEntries()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("victor");
        auth.SetPolicies([.. Roles.PermissionsOf(Roles.Viewer)]);

        var menu = RenderInteractive<NavMenu>();

        Assert.Contains("Console", menu.Markup, StringComparison.Ordinal);
        Assert.Contains("Health", menu.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Users", menu.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Audit", menu.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Macros", menu.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Layout_ShowsUserName_ThemeToggle_AndLogout()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("alice");
        auth.SetPolicies([.. Roles.PermissionsOf(Roles.Operator)]);

        var layout = RenderInteractive<MainLayout>(p => p.Add(l => l.Body, b => b.AddMarkupContent(0, "<p id='body'>page</p>")));

        Assert.Equal("alice", layout.Find("[data-testid=current-user]").TextContent.Trim());
        Assert.NotNull(layout.Find("#body"));
        Assert.NotNull(layout.Find("form[action='Account/Logout']"));
        Assert.Contains("Light or dark theme", layout.Markup, StringComparison.Ordinal);
    }
}
