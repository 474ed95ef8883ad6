using KvmPortal.Auth;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KvmPortal.Tests.Settings;

/// <summary>The settings page in Chromium: an Admin changes the default JPEG quality and a reload shows it; a Viewer sees it read-only.
/// Takes the settings screenshots (1600x900 and 390x844, light and dark).</summary>
[Trait("Category", "Browser")]
public sealed class SettingsBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IDisposable
{
    private readonly KvmAppFactory _app = new KvmAppFactory().UseRealSocket().Start();

    [Fact]
    public async Task Admin_ChangesDefaultQuality_ReloadShowsIt_ViewerSeesItReadOnly()
    {
        var (context, page) = await BrowserSignIn.OpenConsoleAsync(chromium.Browser, _app.ServerAddress, "admin", KvmAppFactory.AdminPassword);
        await using var _ = context;
        await page.GotoAsync("/settings");
        await BrowserSignIn.WaitInteractiveAsync(page);
        Assert.Equal(1, await page.Locator("[data-testid=nav-menu] a[href=settings]").CountAsync());
        var quality = page.Locator("#settings-quality");
        Assert.Equal("80", await quality.InputValueAsync());

        // A bad value: a clear message, nothing saved.
        await quality.FillAsync("0");
        await quality.PressAsync("Tab");
        await page.Locator("[data-testid=settings-save]").ClickAsync();
        await page.Locator("[data-testid=settings-errors]").GetByText("JPEG quality must be between 1 and 100").WaitForAsync();
        Assert.False(File.Exists(Path.Combine(_app.DataDirectory, "override.json")));

        await quality.FillAsync("55");
        await quality.PressAsync("Tab");
        await page.Locator("[data-testid=settings-save]").ClickAsync();
        await page.Locator("[data-testid=settings-saved]").GetByText("Restart needed").WaitForAsync();
        await page.ReloadAsync();
        await BrowserSignIn.WaitInteractiveAsync(page);
        Assert.Equal("55", await page.Locator("#settings-quality").InputValueAsync());
        Assert.Contains("\"JpegQuality\": 55", await File.ReadAllTextAsync(Path.Combine(_app.DataDirectory, "override.json")), StringComparison.Ordinal);

        await ShotAsync(page, "settings-light.png");
        var light = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await page.WaitForFunctionAsync($"() => getComputedStyle(document.body).backgroundColor !== '{light}'");
        await ShotAsync(page, "settings-dark.png");
        await page.SetViewportSizeAsync(390, 844);
        await ShotAsync(page, "settings-phone-dark.png");
        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await page.WaitForFunctionAsync($"() => getComputedStyle(document.body).backgroundColor === '{light}'");
        await ShotAsync(page, "settings-phone-light.png");

        Assert.Empty(await _app.Services.GetRequiredService<UserAdministration>().CreateAsync("vera", TestPasswords.User, Roles.Viewer, CancellationToken.None));
        var (viewerContext, viewer) = await BrowserSignIn.OpenConsoleAsync(chromium.Browser, _app.ServerAddress, "vera", TestPasswords.User);
        await using var __ = viewerContext;
        await viewer.GotoAsync("/settings");
        await BrowserSignIn.WaitInteractiveAsync(viewer);
        await viewer.Locator("[data-testid=settings-readonly]").WaitForAsync();
        Assert.Equal("55", await viewer.Locator("#settings-quality").InputValueAsync());
        Assert.True(await viewer.Locator("#settings-quality").IsDisabledAsync());
        Assert.Equal(0, await viewer.Locator("[data-testid=settings-save]").CountAsync());
        Assert.Equal(0, await viewer.Locator("[data-testid=settings-tls]").CountAsync());
    }

    public void Dispose() => _app.Dispose();

    private static Task<byte[]> ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryRoot.Find(), "docs", "images", name) });
}
