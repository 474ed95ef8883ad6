using KvmPortal.Tests.Support;
using Microsoft.Playwright;

namespace KvmPortal.Tests.Layout;

/// <summary>
/// Issue 17 item 10 in Chromium at 1600x900 and 390x844 (one app for both): the login page and the console link the favicon, and
/// the browser fetches it (an SVG, served without signing in).
/// </summary>
[Trait("Category", "Browser")]
public sealed class FaviconBrowserTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    protected override bool OneAppPerClass => true;

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task LoginPageAndConsole_LinkTheFavicon_AndTheBrowserLoadsIt(int width, int height)
    {
        var page = await (await NewContextAsync(new(width, height))).NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await AssertFaviconAsync(page); // before signing in

        await page.Locator("#username").FillAsync("admin");
        await page.Locator("#password").FillAsync(KvmAppFactory.AdminPassword);
        await page.Locator("#login-submit").ClickAsync();
        await BrowserSignIn.WaitForPathAsync(page, "/");
        await BrowserSignIn.WaitInteractiveAsync(page); // the console's document is in (the address changes before it is parsed)
        await AssertFaviconAsync(page);
    }

    private static async Task AssertFaviconAsync(IPage page)
    {
        var href = await page.EvaluateAsync<string?>("() => document.querySelector('link[rel~=icon]')?.href ?? null");
        Assert.NotNull(href);
        var icon = await page.APIRequest.GetAsync(href);
        Assert.Equal(200, icon.Status);
        Assert.StartsWith("image/svg+xml", icon.Headers["content-type"], StringComparison.Ordinal);
        Assert.Contains("<svg", await icon.TextAsync(), StringComparison.Ordinal);
        var drawn = await page.EvaluateAsync<bool>("""
            href => new Promise(resolve => { const i = new Image(); i.onload = () => resolve(i.naturalWidth > 0); i.onerror = () => resolve(false); i.src = href; })
            """, href);
        Assert.True(drawn, "the browser cannot draw the favicon");
    }
}
