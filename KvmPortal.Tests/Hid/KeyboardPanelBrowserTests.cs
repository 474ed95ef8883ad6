using KvmPortal.Auth;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Hid;
using KvmPortal.Tests.Console;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Hid;

/// <summary>
/// Issue 17 item 10 on the console's Keyboard menu in Chromium, at 1600x900 and 390x844 (one app for both): text typed into the paste
/// field is typed on the target by the first click on "Type it"; the shortcut buttons carry plain names ("Ctrl+Alt+Del"), reach the
/// target and say so; the paste progress label is readable while a long text is typed.
/// </summary>
[Trait("Category", "Browser")]
public sealed class KeyboardPanelBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(chromium, ("oscar", Roles.Operator))
{
    protected override bool OneAppPerClass => true;

    // Records the key presses that reach the simulated target (Delete = usage 0x4C).
    protected override KvmAppFactory Configure(KvmAppFactory app) =>
        app.WithTestServices(services => services.AddSingleton<ISimulatedHidSink>(sp => new TimingHidSink(sp.GetRequiredService<SimulatedTarget>(), TimeProvider.System)));

    private TimingHidSink Sink => (TimingHidSink)App.Services.GetRequiredService<ISimulatedHidSink>();

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task TypeIt_ActsOnTheFirstClick_StraightFromTheTextField(int width, int height)
    {
        var (target, page) = await KeyboardMenuAsync(width, height);
        var text = $"typed{width}";
        await page.Locator("#paste-text").ClickAsync();
        await page.Keyboard.TypeAsync(text); // as a person types: no blur, no Tab before the button
        await page.Locator("[data-testid=paste]").ClickAsync(new() { Timeout = 5_000 });
        await WaitUntilAsync(() => target.ScreenText.Contains(text, StringComparison.Ordinal), seconds: 15);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Shortcuts_HavePlainNames_ReachTheTarget_AndSaySo(int width, int height)
    {
        var (_, page) = await KeyboardMenuAsync(width, height);
        var buttons = page.Locator("[data-testid=shortcut]");
        Assert.True(await buttons.CountAsync() >= 10);
        foreach (var button in await buttons.AllAsync())
        {
            var name = await button.GetAttributeAsync("data-shortcut");
            Assert.True(HidShortcuts.TryGet(name!, out var shortcut), $"unknown shortcut {name}");
            Assert.Equal(KeyLabels.Shortcut(shortcut), (await button.InnerTextAsync()).Trim()); // "Ctrl+Alt+Del", never "CtrlAltDel"
        }

        Assert.Empty(await OutsideViewportAsync(page, "[data-testid=shortcut]"));
        var deletes = Sink.Presses.Count(p => p.Usage == 0x4C);
        await page.Locator("[data-testid=shortcut][data-shortcut=CtrlAltDel]").ClickAsync();
        await page.Locator(".mud-snackbar").GetByText("Sent Ctrl+Alt+Del").WaitForAsync(new() { Timeout = 5_000 });
        await WaitUntilAsync(() => Sink.Presses.Count(p => p.Usage == 0x4C) == deletes + 1, seconds: 10);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task PasteProgress_IsReadable_WhileALongTextIsTyped(int width, int height)
    {
        var (_, page) = await KeyboardMenuAsync(width, height);
        await page.Locator("#paste-text").FillAsync(string.Concat(Enumerable.Repeat("abcdefghij", 40)));
        await page.Locator("[data-testid=paste]").ClickAsync();
        var label = page.Locator("[data-testid=paste-count]");
        await page.WaitForFunctionAsync("() => /^[1-9]\\d* \\/ \\d+ key events$/.test(document.querySelector('[data-testid=paste-count]')?.textContent.trim() ?? '')");
        var look = await label.EvaluateAsync<double[]>(ReadabilityScript); // font size, contrast, left, right, shown width, full width
        await Screenshots.TakeAsync(page, $"paste-progress-{width}x{height}.png");
        output.WriteLine($"paste label at {width}x{height}: \"{await label.InnerTextAsync()}\", {look[0]:0.#} px, contrast {look[1]:0.0}:1, {look[2]:0}..{look[3]:0} px, {look[4]:0}/{look[5]:0} px shown");
        Assert.True(look[1] >= 4.5, $"the label's contrast is {look[1]:0.0}:1");
        Assert.True(look[0] >= 11, $"the label is {look[0]} px high");
        Assert.True(look[5] <= look[4] + 1, "the label is cut off");
        Assert.True(look[2] >= 0 && look[3] <= width, $"the label spans {look[2]:0}..{look[3]:0} px");

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await page.Locator(".mud-snackbar").GetByText("Typing cancelled").WaitForAsync();
        await page.Locator("[data-testid=paste]").WaitForAsync();
    }

    /// <summary>The label's font size, its contrast with the first opaque background behind it (WCAG), its left and right edges, its shown and full width.</summary>
    private const string ReadabilityScript = """
        e => {
          const rgb = c => (c.match(/[\d.]+/g) || []).map(Number);
          const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
            .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
          let bg = null;
          for (let n = e; n && !bg; n = n.parentElement) {
            const c = rgb(getComputedStyle(n).backgroundColor);
            if (c.length >= 3 && (c.length < 4 || c[3] > 0.9)) bg = c;
          }
          const s = getComputedStyle(e), fg = rgb(s.color), r = e.getBoundingClientRect();
          const [a, b] = [lum(fg), lum(bg || [255, 255, 255])].sort((x, y) => y - x);
          return [parseFloat(s.fontSize), (a + 0.05) / (b + 0.05), r.left, r.right, e.clientWidth, e.scrollWidth];
        }
        """;

    private async Task<(SimulatedTarget Target, IPage Page)> KeyboardMenuAsync(int width, int height)
    {
        var target = await PoweredTargetAsync();
        var (_, page) = await OpenConsoleAsync("oscar", new(width, height));
        await ConsoleMenu.OpenAsync(page, "keyboard");
        return (target, page);
    }
}
