using KvmPortal.Console;
using KvmPortal.Auth;
using KvmPortal.Tests.Support;
using Microsoft.Playwright;

namespace KvmPortal.Tests.Console;

/// <summary>
/// The top bar marks the open menu and only it: opening each menu in turn (after another one was open) leaves exactly that button
/// highlighted and pressed, in the light and the dark theme, at once (no colour fading from the previous menu).
/// </summary>
[Trait("Category", "Browser")]
public sealed class MenuHighlightTests(ChromiumFixture chromium) : BrowserTest(chromium, ("oscar", Roles.Operator))
{
    [Fact]
    public async Task OpeningEachMenu_HighlightsThatMenuOnly()
    {
        var (_, page) = await OpenConsoleAsync("oscar");
        foreach (var dark in new[] { false, true })
        {
            if (dark)
            {
                await page.Locator("[data-testid=theme-toggle]").ClickAsync();
            }

            string? previous = null;
            foreach (var (id, _, _) in ConsoleMenus.Menus)
            {
                await ConsoleMenu.OpenAsync(page, id);
                await AssertOnlyHighlightedAsync(page, id, previous);
                previous = id;
            }

            await page.Locator("[data-testid=menu-close]").ClickAsync();
            await page.Locator("[data-testid=menu-drawer]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
            await AssertOnlyHighlightedAsync(page, null, previous);
        }
    }

    private static async Task AssertOnlyHighlightedAsync(IPage page, string? open, string? previous)
    {
        // At once, as soon as the drawer shows: no fading between the old and the new menu's colours (a screenshot or a glance
        // at that moment showed the old menu highlighted and the open one washed out).
        var states = await page.EvaluateAsync<MenuState[]>("""
            () => [...document.querySelectorAll('[data-testid=console-menus] [data-testid^=menu-]')].map(b => ({
              id: b.dataset.testid.substring(5), pressed: b.getAttribute('aria-pressed') === 'true',
              background: getComputedStyle(b).backgroundColor }))
            """);
        Assert.Equal(ConsoleMenus.Menus.Count, states.Length);
        var transparent = states.Where(s => s.Id != open).Select(s => s.Background).Distinct().ToList();
        Assert.True(transparent.Count == 1, $"menus not open have different backgrounds ({string.Join(", ", transparent)}); open: {open}, before: {previous}");
        foreach (var s in states)
        {
            Assert.Equal(s.Id == open, s.Pressed);
        }

        if (open is not null)
        {
            var highlighted = states.Single(s => s.Id == open).Background;
            Assert.NotEqual(transparent[0], highlighted);
        }
    }

    private sealed class MenuState
    {
        public string Id { get; set; } = "";

        public bool Pressed { get; set; }

        public string Background { get; set; } = "";
    }
}
