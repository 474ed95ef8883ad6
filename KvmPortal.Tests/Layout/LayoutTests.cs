using Bunit;
using KvmPortal.Auth;
using KvmPortal.Data;
using KvmPortal.Layout;
using KvmPortal.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Layout;

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
    public async Task Layout_ShowsUserName_ThemeToggle_AndLogout_AndRemembersTheTheme()
    {
        using var data = new TempDirectory();
        Services.AddDbContext<KvmDbContext>(o => o.UseSqlite(DatabaseStartup.ConnectionString(data.Path)));
        Services.AddSingleton<ThemePreferences>();
        Services.AddScoped<ThemeSwitch>();
        var auth = AddAuthorization();
        var options = new DbContextOptionsBuilder<KvmDbContext>().UseSqlite(DatabaseStartup.ConnectionString(data.Path)).Options;
        await using (var db = new KvmDbContext(options))
        {
            await db.Database.MigrateAsync();
            db.Users.Add(new ApplicationUser { UserName = "alice", NormalizedUserName = "ALICE" });
            await db.SaveChangesAsync();
        }

        auth.SetAuthorized("alice");
        auth.SetPolicies([.. Roles.PermissionsOf(Roles.Operator)]);

        var layout = RenderInteractive<MainLayout>(p => p.Add(l => l.Body, b => b.AddMarkupContent(0, "<p id='body'>page</p>")));

        Assert.Equal("alice", layout.Find("[data-testid=current-user]").TextContent.Trim());
        Assert.NotNull(layout.Find("#body"));
        Assert.NotNull(layout.Find("form[action='Account/Logout']"));
        Assert.Contains("Light or dark theme", layout.Markup, StringComparison.Ordinal);

        // The choice is stored for the user (so the next visit, from any browser, is drawn in it).
        await layout.Find("[data-testid=theme-toggle]").ClickAsync(new());
        var preferences = Services.GetRequiredService<ThemePreferences>();
        layout.WaitForAssertion(() => Assert.True(preferences.GetAsync("alice", CancellationToken.None).GetAwaiter().GetResult()));
        layout.WaitForAssertion(() => Assert.Matches(@"--mud-palette-background:\s*(#0d1117|rgba\(13,\s*17,\s*23)", layout.Markup)); // the dark palette
    }
}
