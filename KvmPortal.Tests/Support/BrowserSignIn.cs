using Microsoft.Playwright;

namespace KvmPortal.Tests.Support;

/// <summary>Browser helpers shared by the Chromium tests: sign in through the login form and wait for the interactive page.</summary>
internal static class BrowserSignIn
{
    /// <summary>A new context at the given viewport, signed in as <paramref name="user"/>, on the interactive console page.</summary>
    public static async Task<(IBrowserContext Context, IPage Page)> OpenConsoleAsync(
        IBrowser browser, Uri server, string user, string password, int width = 1600, int height = 900)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var context = await browser.NewContextAsync(new() { BaseURL = server.ToString(), ViewportSize = new() { Width = width, Height = height }, HasTouch = width < 600 });
        return (context, await SignInAsync(context, user, password));
    }

    /// <summary>Signs in on a new page of <paramref name="context"/> and waits until the console is interactive.</summary>
    public static async Task<IPage> SignInAsync(IBrowserContext context, string user, string password)
    {
        ArgumentNullException.ThrowIfNull(context);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync("/Account/Login");
        await page.Locator("#username").FillAsync(user);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#login-submit").ClickAsync();
        await WaitForPathAsync(page, "/");
        await WaitInteractiveAsync(page);
        return page;
    }

    /// <summary>Waits until the page's address has the path <paramref name="path"/> (<see cref="WaitForUrlAsync"/>).</summary>
    public static Task WaitForPathAsync(IPage page, string path, double seconds = 30) =>
        WaitForUrlAsync(page, url => new Uri(url).AbsolutePath == path, $"the path {path}", seconds);

    /// <summary>
    /// Waits until the page's address matches, by reading <see cref="IPage.Url"/> (kept current by Playwright) every 50 ms. Not
    /// <see cref="IPage.WaitForURLAsync(Func{string, bool}, PageWaitForURLOptions?)"/>: it checks the address, then subscribes to the
    /// next navigation, and between the two it walks the stack and sends a message to the driver, so a navigation committing in that
    /// window (a page that is leaving by itself: signed out, redirected) is missed and the wait runs into its timeout; a loaded
    /// machine widens the window (RevocationBrowserTests failed so 2 times in 3 runs, the page at /Account/Login all along).
    /// </summary>
    public static async Task WaitForUrlAsync(IPage page, Func<string, bool> match, string what, double seconds = 30)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(match);
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!match(page.Url))
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"The page did not reach {what} within {seconds} s; it is at {page.Url}");
            }

            await Task.Delay(50);
        }
    }

    public static async Task WaitInteractiveAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.Locator("[data-testid=interactive-marker][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    /// <summary>Polls <paramref name="condition"/> for up to <paramref name="seconds"/> (<see cref="Poll"/>).</summary>
    public static Task WaitUntilAsync(Func<bool> condition, int seconds = 30) => Poll.UntilAsync(condition, "the test's condition", seconds);
}
