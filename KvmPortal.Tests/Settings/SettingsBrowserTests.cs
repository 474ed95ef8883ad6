using KvmPortal.Auth;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KvmPortal.Tests.Settings;

/// <summary>The settings page in Chromium: an Admin changes the default JPEG quality and a reload shows it; a Viewer sees it read-only.
/// Takes the settings screenshots (1600x900 and 390x844, light and dark).</summary>
[Trait("Category", "Browser")]
public sealed class SettingsBrowserTests(ChromiumFixture chromium) : BrowserTest(chromium)
{

    [Fact]
    public async Task Admin_ChangesDefaultQuality_ReloadShowsIt_ViewerSeesItReadOnly()
    {
        var (_, page) = await OpenConsoleAsync("admin");
        await GoToAsync(page, "/settings");
        Assert.Equal(1, await page.Locator("[data-testid=nav-menu] a[href=settings]").CountAsync());
        var quality = page.Locator("#settings-quality");
        Assert.Equal("80", await quality.InputValueAsync());

        // A bad value: a clear message, nothing saved.
        await quality.FillAsync("0");
        await quality.PressAsync("Tab");
        await page.Locator("[data-testid=settings-save]").ClickAsync();
        await page.Locator("[data-testid=settings-errors]").GetByText("JPEG quality must be between 1 and 100").WaitForAsync();
        Assert.False(File.Exists(Path.Combine(App.DataDirectory, "override.json")));

        await quality.FillAsync("55");
        await quality.PressAsync("Tab");
        await page.Locator("[data-testid=settings-save]").ClickAsync();
        await page.Locator("[data-testid=settings-saved]").GetByText("Restart needed").WaitForAsync();
        await GoToAsync(page, "/settings");
        Assert.Equal("55", await page.Locator("#settings-quality").InputValueAsync());
        Assert.Contains("\"JpegQuality\": 55", await File.ReadAllTextAsync(Path.Combine(App.DataDirectory, "override.json")), StringComparison.Ordinal);

        // The IPMI card (the Ipmi feature's own card): on, another port; saved, with the restart it needs.
        var ipmi = page.Locator("[data-testid=ipmi-settings]");
        await ipmi.ScrollIntoViewIfNeededAsync();
        await ipmi.Locator("input[data-testid=settings-ipmi], [data-testid=settings-ipmi] input").CheckAsync();
        await page.Locator("#settings-ipmi-port").FillAsync("1623");
        await page.Locator("#settings-ipmi-port").PressAsync("Tab");
        await page.Locator("[data-testid=ipmi-settings-save]").ClickAsync();
        await page.Locator("[data-testid=ipmi-settings-saved]").GetByText("Restart needed").WaitForAsync();
        Assert.Contains("\"Port\": 1623", await File.ReadAllTextAsync(Path.Combine(App.DataDirectory, "override.json")), StringComparison.Ordinal);
        await ipmi.ScreenshotAsync(new() { Path = Screenshots.PathFor("settings-ipmi-card.png") });
        await page.EvaluateAsync("() => { window.scrollTo(0, 0); document.querySelectorAll('.kvm-main, .mud-main-content').forEach(e => e.scrollTo(0, 0)); }");

        await ShotAsync(page, "settings-light.png");
        Assert.True(await ToggleThemeAsync(page));
        await ShotAsync(page, "settings-dark.png");
        await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await ShotAsync(page, "settings-phone-dark.png");
        Assert.False(await ToggleThemeAsync(page));
        await ShotAsync(page, "settings-phone-light.png");

        // On a phone every field and button fits the screen's width.
        Assert.Empty(await OutsideViewportAsync(page, ".kvm-main input, .kvm-main button"));

        // A Viewer, on a phone: the same page, read-only.
        Assert.Empty(await App.Services.GetRequiredService<UserAdministration>().CreateAsync("vera", TestPasswords.User, Roles.Viewer, CancellationToken.None));
        var (_, viewer) = await OpenConsoleAsync("vera", Phone);
        await GoToAsync(viewer, "/settings");
        await viewer.Locator("[data-testid=settings-readonly]").WaitForAsync();
        Assert.Equal("55", await viewer.Locator("#settings-quality").InputValueAsync());
        Assert.True(await viewer.Locator("#settings-quality").IsDisabledAsync());
        Assert.Equal(0, await viewer.Locator("[data-testid=settings-save]").CountAsync());
        Assert.Equal(0, await viewer.Locator("[data-testid=settings-tls]").CountAsync());
        Assert.True(await viewer.Locator("#settings-ipmi-port").IsDisabledAsync());
        Assert.Equal(0, await viewer.Locator("[data-testid=ipmi-settings-save]").CountAsync());
    }

    private static Task<byte[]> ShotAsync(IPage page, string name) => Screenshots.TakeAsync(page, name);
}
