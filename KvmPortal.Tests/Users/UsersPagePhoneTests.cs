using KvmPortal.Auth;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Users;

/// <summary>
/// The users page on a 390x844 phone and at 1600x900: every action button of every user is inside the screen (none cut off). One app
/// for both sizes.
/// </summary>
[Trait("Category", "Browser")]
public sealed class UsersPagePhoneTests(ChromiumFixture chromium) : BrowserTest(chromium, ("oscar", Roles.Operator))
{
    protected override bool OneAppPerClass => true;

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task ActionButtons_FitOnTheScreen(int width, int height)
    {
        var (_, page) = await OpenConsoleAsync("admin", new(width, height));
        await GoToAsync(page, "/admin/users");
        await page.Locator("[data-testid=user-row][data-user=oscar]").WaitForAsync();

        var buttons = page.Locator("[data-testid=user-actions] button");
        Assert.True(await buttons.CountAsync() >= 8);
        for (var i = 0; i < await buttons.CountAsync(); i++)
        {
            var button = buttons.Nth(i);
            await button.ScrollIntoViewIfNeededAsync();
            var box = await button.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.X >= 0 && box.X + box.Width <= width, $"button {i} ({await button.InnerTextAsync()}) spans {box.X:0}..{box.X + box.Width:0} px on a {width} px screen");
        }

        await page.Locator("[data-testid=users-grid]").ScrollIntoViewIfNeededAsync();
        await Screenshots.TakeAsync(page, width < 600 ? "users-phone.png" : "users-desktop.png", fullPage: true);
    }
}
