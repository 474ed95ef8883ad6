using KvmPortal.Auth;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KvmPortal.Tests.Users;

[Trait("Category", "Browser")]
public sealed class BrowserTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    [Fact]
    public async Task Admin_LogsIn_AndCreatesAUser_ByAClickOverTheCircuit()
    {
        var (_, page) = await OpenConsoleAsync("admin");
        await GoToAsync(page, "/admin/users");
        await page.Locator("#new-user-name").FillAsync("olga");
        await page.Locator("#new-user-name").PressAsync("Tab");
        await page.Locator("#new-user-password").FillAsync(TestPasswords.New());
        await page.Locator("#new-user-password").PressAsync("Tab");
        await page.Locator("#create-user").ClickAsync();

        await page.Locator("[data-testid=users-grid]").GetByText("olga").WaitForAsync();
        var users = await App.Services.GetRequiredService<UserAdministration>().ListAsync(CancellationToken.None);
        var olga = Assert.Single(users, u => u.Name == "olga");
        Assert.Equal([Roles.Operator], olga.Roles);
    }

    [Fact]
    public async Task GeneratedPassword_ForcesAChange_ThenTheConsoleOpens()
    {
        using var app = new KvmAppFactory(configureAdminPassword: false).UseRealSocket().Start(); // not the class's app: no password set
        var generated = (await File.ReadAllTextAsync(Path.Combine(app.DataDirectory, "initial-admin-password"))).Trim();
        await using var context = await NewContextAsync(server: app.ServerAddress); // closed before the app stops
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);

        await LogInAsync(page, "admin", generated);
        await BrowserSignIn.WaitForPathAsync(page, "/Account/ChangePassword");
        await page.Locator("[data-testid=must-change]").WaitForAsync();
        await page.Locator("#current").FillAsync(generated);
        var chosen = TestPasswords.New();
        await page.Locator("#new").FillAsync(chosen);
        await page.Locator("#confirm").FillAsync(chosen);
        await page.Locator("#change-submit").ClickAsync();

        await BrowserSignIn.WaitForPathAsync(page, "/");
        Assert.Equal("admin", (await page.Locator("[data-testid=current-user]").InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task Viewer_IsRefusedTheAdminPage()
    {
        Assert.Empty(await App.Services.GetRequiredService<UserAdministration>().CreateAsync("vera", TestPasswords.User, Roles.Viewer, CancellationToken.None));
        var (_, page) = await OpenConsoleAsync("vera");
        await page.GotoAsync("/admin/users");

        await page.Locator("[data-testid=access-denied]").WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-testid=users-grid]").CountAsync());
    }

    private static async Task LogInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.Locator("#username").FillAsync(user);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#login-submit").ClickAsync();
    }
}
