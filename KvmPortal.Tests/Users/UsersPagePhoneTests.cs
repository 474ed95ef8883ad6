using KvmPortal.Auth;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KvmPortal.Tests.Users;

/// <summary>The users page on a 390x844 phone: every action button of every user is inside the screen (none cut off).</summary>
[Trait("Category", "Browser")]
public sealed class UsersPagePhoneTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IDisposable
{
    private readonly KvmAppFactory _app = new KvmAppFactory().UseRealSocket().Start();

    [Fact]
    public async Task ActionButtons_FitOnAPhone()
    {
        Assert.Empty(await _app.Services.GetRequiredService<UserAdministration>().CreateAsync("oscar", TestPasswords.User, Roles.Operator, CancellationToken.None));
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = _app.ServerAddress.ToString(), ViewportSize = new() { Width = 390, Height = 844 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync("/Account/Login?returnUrl=%2Fadmin%2Fusers");
        await page.Locator("#username").FillAsync("admin");
        await page.Locator("#password").FillAsync(KvmAppFactory.AdminPassword);
        await page.Locator("#login-submit").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/admin/users");
        await page.Locator("[data-testid=interactive-marker][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator("[data-testid=user-row][data-user=oscar]").WaitForAsync();

        var buttons = page.Locator("[data-testid=user-actions] button");
        Assert.True(await buttons.CountAsync() >= 8);
        for (var i = 0; i < await buttons.CountAsync(); i++)
        {
            var button = buttons.Nth(i);
            await button.ScrollIntoViewIfNeededAsync();
            var box = await button.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"button {i} ({await button.InnerTextAsync()}) spans {box.X:0}..{box.X + box.Width:0} px on a 390 px screen");
        }

        await page.Locator("[data-testid=users-grid]").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryRoot.Find(), "docs", "images", "users-phone.png"), FullPage = true });
    }

    public void Dispose() => _app.Dispose();
}
