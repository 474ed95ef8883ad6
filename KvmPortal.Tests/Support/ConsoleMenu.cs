using Microsoft.Playwright;

namespace KvmPortal.Tests.Support;

/// <summary>Opens one of the console's top-bar menus (its drawer over the picture) in a browser page.</summary>
internal static class ConsoleMenu
{
    public static async Task OpenAsync(IPage page, string menu)
    {
        var drawer = page.Locator($"[data-testid=menu-drawer][data-menu={menu}]");
        if (await drawer.CountAsync() == 0)
        {
            await page.Locator($"[data-testid=menu-{menu}]").ClickAsync();
        }

        await drawer.WaitForAsync();
    }
}
