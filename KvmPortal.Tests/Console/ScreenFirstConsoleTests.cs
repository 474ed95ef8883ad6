using KvmPortal.Auth;
using KvmPortal.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Console;

/// <summary>
/// The screen-first console in Chromium at 1600x900 and 390x844, light and dark: the picture's share of the window with every menu
/// closed, the live Caps Lock LED, "static screen" on a still picture, menus drawn over the picture, the theme remembered. Writes the
/// README's screenshots (into docs/images only with KVMPORTAL_UPDATE_SCREENSHOTS=1, see <see cref="Screenshots"/>).
/// </summary>
[Trait("Category", "Browser")]
public sealed class ScreenFirstConsoleTests(ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(chromium, ("oscar", Roles.Operator))
{
    private const string Light = LightBackground;
    private const string Dark = DarkBackground;

    [Fact]
    public async Task Desktop_PictureFillsTheWindow_LedsFollowCapsLock_StaticScreenIsSaid_MenusOverlay()
    {
        await PoweredTargetAsync();
        var (_, page) = await OpenConsoleAsync("oscar", Desktop);
        await WaitForFramesAsync(page);

        var share = await PictureShareAsync(page);
        output.WriteLine($"picture width at 1600x900, menus closed: {share * 1600:0} px = {share:P1} of the window");
        Assert.True(share >= 0.85, $"the picture takes {share:P1} of the width");

        // Caps Lock typed on the console: the target's LED comes back through the HID and is pushed to the status line.
        await page.Locator("[data-testid=console-screen]").ClickAsync();
        await page.EvaluateAsync(TimeCapsLed);
        await page.Keyboard.PressAsync("CapsLock");
        await page.Locator("[data-testid=caps-led][data-on=true]").WaitForAsync(new() { Timeout = 15_000 });
        var ledMs = await page.EvaluateAsync<double>("() => window.__capsLedAt - window.__capsKeyAt");
        output.WriteLine($"caps LED on {ledMs:0} ms after the key press (measured in the page)");
        Assert.True(ledMs is > 0 and <= 1000, $"the Caps Lock LED lit {ledMs:0} ms after the key press");
        await page.Keyboard.PressAsync("CapsLock");
        await page.Locator("[data-testid=caps-led][data-on=false]").WaitForAsync(new() { Timeout = 15_000 });

        // Nothing changes on the target: the status line says so instead of "0 fps".
        await page.Locator("[data-testid=video-status]").GetByText("static screen").WaitForAsync(new() { Timeout = 30_000 });
        Assert.Matches(@"^1280×720 · static screen$", (await page.Locator("[data-testid=video-status]").InnerTextAsync()).Trim());
        await ShotAsync(page, "console-light.png");

        // A menu draws over the picture; the picture keeps its size.
        await ConsoleMenu.OpenAsync(page, "keyboard");
        Assert.Equal(share, await PictureShareAsync(page), 3);
        await ShotAsync(page, "console-keyboard-menu.png");
        await ConsoleMenu.OpenAsync(page, "media");
        await ShotAsync(page, "console-media-menu.png"); // media-panel.png (with images) comes from Msd/MediaPanelBrowserTests
        await page.Locator("[data-testid=menu-close]").ClickAsync();

        // Dark theme, remembered for the user: a new browser context (fresh cookies) signs in and gets it, the login page too.
        Assert.Equal(Light, await BackgroundAsync(page));
        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await page.WaitForFunctionAsync($"() => getComputedStyle(document.body).backgroundColor === '{Dark}'");
        await ShotAsync(page, "console-dark.png");
        var (_, again) = await OpenConsoleAsync("oscar", Desktop);
        Assert.Equal(Dark, await BackgroundAsync(again));
        await again.GotoAsync("/Account/Login");
        Assert.Equal(Dark, await again.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.kvm-account')).backgroundColor"));
    }

    [Fact]
    public async Task OnScreenKeyboard_WithAStickyShift_TypesOnTheTarget()
    {
        var target = await PoweredTargetAsync();
        var (_, page) = await OpenConsoleAsync("oscar", Desktop);
        await ConsoleMenu.OpenAsync(page, "keyboard");
        await page.Locator("[data-testid=show-osk]").ClickAsync();
        var osk = page.Locator("[data-testid=osk]");
        await osk.WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-testid=menu-drawer]").CountAsync()); // the menu closed; the keyboard shows

        await osk.Locator("[data-code=ShiftLeft]").ClickAsync();
        await osk.Locator("[data-code=ShiftLeft][aria-pressed=true]").WaitForAsync();
        await osk.Locator("[data-code=KeyO]").ClickAsync();
        await osk.Locator("[data-code=ShiftLeft][aria-pressed=false]").WaitForAsync(); // released after one key
        await osk.Locator("[data-code=KeyK]").ClickAsync();
        await osk.Locator("[data-code=F5]").WaitForAsync();
        await osk.Locator("[data-code=Numpad7]").WaitForAsync();
        await osk.Locator("[data-code=ArrowUp]").WaitForAsync();
        await WaitUntilAsync(() => target.ScreenText.Contains("sim-target> Ok", StringComparison.Ordinal));
        await ShotAsync(page, "console-osk.png");

        // Labels follow the chosen keymap: German swaps Y and Z.
        await ConsoleMenu.OpenAsync(page, "keyboard");
        await page.Locator("[data-testid=keymap]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText("de", new() { Exact = true }).ClickAsync();
        await page.Locator("[data-testid=osk]").GetByText("On-screen keyboard (de)").WaitForAsync();
        await osk.Locator("[data-code=KeyY]").GetByText("Z", new() { Exact = true }).WaitForAsync();
        await page.Locator("[data-testid=menu-close]").ClickAsync();
    }

    [Fact]
    public async Task Phone_TappingThePicture_BringsUpTheKeyboard_WhichTypes_AndCapsLockLightsTheLed()
    {
        var target = await PoweredTargetAsync();
        var (_, page) = await OpenConsoleAsync("oscar", Phone);
        await WaitForFramesAsync(page);
        await page.Locator("[data-testid=console-screen] canvas").TapAsync();
        var osk = page.Locator("[data-testid=osk]");
        await osk.WaitForAsync();
        await osk.Locator("[data-code=KeyL]").TapAsync();
        await osk.Locator("[data-code=KeyS]").TapAsync();
        await WaitUntilAsync(() => target.ScreenText.Contains("sim-target> ls", StringComparison.Ordinal));

        // Caps Lock tapped on the on-screen keyboard: the LED in the status line follows, on the phone too.
        var tapped = DateTime.UtcNow;
        await osk.Locator("[data-code=CapsLock]").TapAsync();
        await page.Locator("[data-testid=caps-led][data-on=true]").WaitForAsync(new() { Timeout = 15_000 });
        output.WriteLine($"caps LED on after {(DateTime.UtcNow - tapped).TotalMilliseconds:0} ms (phone, on-screen keyboard)");
        Assert.True(await page.Locator("[data-testid=caps-led]").IsVisibleAsync());
        await osk.Locator("[data-code=CapsLock]").TapAsync();
        await page.Locator("[data-testid=caps-led][data-on=false]").WaitForAsync(new() { Timeout = 15_000 });
        var box = await osk.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= 391, $"the keyboard is {box.Width} px wide at x={box.X}");
        var picture = await page.Locator("[data-testid=console-screen]").BoundingBoxAsync();
        Assert.True(box.Y >= picture!.Y + picture.Height - 1, "the keyboard covers the picture on a phone");
        var status = await page.Locator("[data-testid=status-line]").BoundingBoxAsync();
        Assert.True(status!.Y >= box.Y + box.Height - 1, "the status line overlaps the keyboard");
        await ShotAsync(page, "console-phone-osk.png");
    }

    [Fact]
    public async Task Phone_PictureIsFullWidth_StaticScreenIsSaid_MenusCoverIt_NotShrinkIt()
    {
        await PoweredTargetAsync();
        var (_, page) = await OpenConsoleAsync("oscar", Phone);
        await WaitForFramesAsync(page);
        await page.Locator("[data-testid=video-status]").GetByText("static screen").WaitForAsync(new() { Timeout = 30_000 });
        Assert.Empty(await OutsideViewportAsync(page, "[data-testid=status-line] [data-testid$=-led]"));
        var width = await page.EvaluateAsync<double>("() => document.querySelector('[data-testid=console-screen] canvas').getBoundingClientRect().width");
        Assert.True(width >= 385, $"canvas is {width} px wide on a 390 px phone");
        foreach (var menu in new[] { "power", "media", "keyboard", "macros", "view", "people" })
        {
            Assert.True(await page.Locator($"[data-testid=menu-{menu}]").IsVisibleAsync(), $"menu {menu} is not reachable on a phone");
        }

        await ShotAsync(page, "console-phone.png");
        await ConsoleMenu.OpenAsync(page, "power");
        Assert.Equal(width, await page.EvaluateAsync<double>("() => document.querySelector('[data-testid=console-screen] canvas').getBoundingClientRect().width"), 1);
        await ShotAsync(page, "console-phone-power.png");
        await page.Locator("[data-testid=menu-close]").ClickAsync();
        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await page.WaitForFunctionAsync($"() => getComputedStyle(document.body).backgroundColor === '{Dark}'");
        await ShotAsync(page, "console-phone-dark.png");
    }

    /// <summary>Stamps the Caps Lock keydown and the moment the status line's Caps LED shows on (page clock, both).</summary>
    private const string TimeCapsLed = """
        () => {
          window.__capsKeyAt = window.__capsLedAt = null;
          window.addEventListener('keydown', e => { if (e.code === 'CapsLock' && window.__capsKeyAt === null) window.__capsKeyAt = performance.now(); }, true);
          new MutationObserver((_, o) => {
            if (document.querySelector('[data-testid=caps-led][data-on=true]')) { window.__capsLedAt = performance.now(); o.disconnect(); }
          }).observe(document.body, { attributes: true, childList: true, subtree: true });
        }
        """;

    /// <summary>The width of the drawn picture (object-fit: contain) as a share of the window width.</summary>
    private static Task<double> PictureShareAsync(IPage page) => page.EvaluateAsync<double>("""
        () => {
          const c = document.querySelector('[data-testid=console-screen] canvas');
          const r = c.getBoundingClientRect();
          const scale = Math.min(r.width / c.width, r.height / c.height);
          return (c.width * scale) / window.innerWidth;
        }
        """);

    private static Task<byte[]> ShotAsync(IPage page, string name) => Screenshots.TakeAsync(page, name);
}
