using KvmPortal.Audit;
using KvmPortal.Hardware.Serial;
using KvmPortal.Auth;
using KvmPortal.Hid;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Serial;

/// <summary>
/// The serial terminal in Debian's Chromium against the real app and the simulated target's serial console: the login prompt appears,
/// typed commands run, a second viewer sees the same output live, a Viewer cannot type, exclusive control blocks other users, and the
/// log download holds the session. Also takes the documentation's screenshots.
/// </summary>
[Trait("Category", "Browser")]
public sealed class SerialBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(chromium, ("oscar", Roles.Operator), ("vera", Roles.Viewer))
{
    [Fact]
    public async Task Terminal_ShowsLogin_RunsCommands_SharesOutput_AndRefusesAViewer()
    {
        PowerOnTarget();
        var oscarContext = await NewContextAsync(Desktop);
        var oscar = await OpenSerialAsync(oscarContext, "oscar");
        await WaitForTextAsync(oscar, "sim-target login:");

        await TypeAsync(oscar, "root\n");
        await WaitForTextAsync(oscar, "Password:");
        await TypeAsync(oscar, "secret\n");
        await WaitForTextAsync(oscar, "root@sim-target:~$");
        await TypeAsync(oscar, "uname -a\n");
        await WaitForTextAsync(oscar, "Linux sim-target 6.1.0-sim");
        Assert.DoesNotContain("secret", await TextAsync(oscar), StringComparison.Ordinal);

        // A Viewer opens the page: the log's last screenful is replayed, then both see new output live.
        var veraContext = await NewContextAsync(Desktop);
        var vera = await OpenSerialAsync(veraContext, "vera");
        await WaitForTextAsync(vera, "Linux sim-target 6.1.0-sim");
        await vera.Locator("[data-testid=serial-view-only]").WaitForAsync();
        Assert.True(await vera.Locator("[data-testid=serial-break]").IsDisabledAsync());
        await TypeAsync(oscar, "echo live-from-oscar\n");
        await WaitForTextAsync(oscar, "live-from-oscar\nroot@sim-target");
        await WaitForTextAsync(vera, "live-from-oscar\nroot@sim-target");

        // The Viewer types: the server refuses, says why, and nothing reaches the port.
        var port = App.Services.GetRequiredService<ISerialPorts>().Ports[0];
        var sentBefore = port.BytesSent;
        await TypeAsync(vera, "echo from-vera\n");
        await vera.Locator("[data-testid=serial-message]").WaitForAsync();
        Assert.Contains("may only watch", await vera.Locator("[data-testid=serial-message]").InnerTextAsync(), StringComparison.Ordinal);
        await TypeAsync(oscar, "echo after-vera\n");
        await WaitForTextAsync(oscar, "after-vera\nroot@sim-target");
        Assert.DoesNotContain("from-vera", await TextAsync(oscar), StringComparison.Ordinal);
        Assert.Equal(sentBefore + "echo after-vera\r".Length, port.BytesSent);

        // The log download holds the session, one timestamped line each.
        var download = await oscarContext.APIRequest.GetAsync("/api/serial/console/log");
        Assert.Equal(200, download.Status);
        var log = await download.TextAsync();
        Assert.Contains("root@sim-target:~$ uname -a", log, StringComparison.Ordinal);
        Assert.Contains("Linux sim-target 6.1.0-sim", log, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z live-from-oscar$", log);
        Assert.DoesNotContain("from-vera", log, StringComparison.Ordinal);

        await oscar.CloseAsync();
        await vera.CloseAsync();
        var audit = App.Services.GetRequiredService<IAuditLog>();
        await WaitUntilAsync(() => Rows("oscar", AuditActions.SerialSession).Count(r => r.Details?.StartsWith("closed", StringComparison.Ordinal) == true) == 1, 15);
        await audit.FlushAsync(CancellationToken.None);
        var inputs = Rows("oscar", AuditActions.SerialInput);
        Assert.NotEmpty(inputs);
        Assert.All(inputs, r => Assert.Matches(@"^\d+ bytes in \d+ messages$", r.Details));
        Assert.Contains(Rows("vera", AuditActions.SerialSession), r => r.Details == "opened, output only");
        Assert.Empty(Rows("vera", AuditActions.SerialInput));
    }

    [Fact]
    public async Task ExclusiveControlOfAnotherUser_BlocksTyping_UntilReleased()
    {
        PowerOnTarget();
        var context = await NewContextAsync(Desktop);
        var oscar = await OpenSerialAsync(context, "oscar");
        await WaitForTextAsync(oscar, "sim-target login:");
        await oscar.Locator("[data-testid=serial-terminal][data-can-type=true]").WaitForAsync();

        var presence = App.Services.GetRequiredService<ConsolePresence>();
        var olga = new ConsoleSession("olga", Roles.Operator, mayControl: true, isAdmin: false, null, DateTimeOffset.UtcNow);
        presence.Join(olga);
        Assert.True(presence.SetMode(olga, ControlMode.Exclusive));
        await oscar.Locator("[data-testid=serial-terminal][data-can-type=false]").WaitForAsync();
        var port = App.Services.GetRequiredService<ISerialPorts>().Ports[0];
        var sentBefore = port.BytesSent;
        await TypeAsync(oscar, "blocked\n");
        await oscar.Locator("[data-testid=serial-message]").WaitForAsync();
        Assert.Contains("Another user holds", await oscar.Locator("[data-testid=serial-message]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(sentBefore, port.BytesSent);

        Assert.True(presence.SetMode(olga, ControlMode.Shared));
        presence.Leave(olga);
        await oscar.Locator("[data-testid=serial-terminal][data-can-type=true]").WaitForAsync();
        await TypeAsync(oscar, "oscar\n");
        await WaitForTextAsync(oscar, "Password:");
    }

    [Fact]
    public async Task Screenshots_PageAndDrawer_LightAndDark()
    {
        PowerOnTarget();
        var folder = Screenshots.Folder; // artifacts/screenshots, or docs/images with KVMPORTAL_UPDATE_SCREENSHOTS=1
        foreach (var (width, height, suffix) in new[] { (1600, 900, ""), (390, 844, "-phone") })
        {
            await using var context = await NewContextAsync(new(width, height));
            var page = await OpenSerialAsync(context, "oscar");
            await WaitForTextAsync(page, "login:");
            if (suffix.Length == 0)
            {
                await TypeAsync(page, "root\nx\nhelp\nuname -a\n");
                await WaitForTextAsync(page, "GNU/Linux");
                await page.Locator(".kvm-serial-search-text input").FillAsync("uname");
                await page.Locator("[data-testid=serial-search-run]").ClickAsync();
                await page.Locator("[data-testid=serial-search-hits]").WaitForAsync();
            }

            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"serial{suffix}-light.png") });
            await page.Locator("[data-testid=theme-toggle]").ClickAsync();
            await page.WaitForFunctionAsync("() => getComputedStyle(document.body).backgroundColor === 'rgb(13, 17, 23)'");
            await page.WaitForTimeoutAsync(300);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"serial{suffix}-dark.png") });

            await GoToAsync(page, "/");
            await ConsoleMenu.OpenAsync(page, "serial");
            await WaitForTextAsync(page, "login:");
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"serial-drawer{suffix}-dark.png") });
            await page.Locator("[data-testid=theme-toggle]").ClickAsync();
            await page.WaitForFunctionAsync("() => getComputedStyle(document.body).backgroundColor !== 'rgb(13, 17, 23)'");
            await page.WaitForTimeoutAsync(300);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"serial-drawer{suffix}-light.png") });
            output.WriteLine($"screenshots at {width}x{height} in {folder}");
        }
    }

    private void PowerOnTarget()
    {
        Target.SetPowerButton(true);
        Target.SetPowerButton(false);
        Assert.True(Target.IsPoweredOn);
    }

    private List<AuditEntry> Rows(string user, string action) =>
        [.. App.Services.GetRequiredService<AuditQuery>().FindAsync(new AuditFilter(user, action), CancellationToken.None).GetAwaiter().GetResult()];

    private static async Task<IPage> OpenSerialAsync(IBrowserContext context, string user)
    {
        var page = await GoToAsync(await SignInAsync(context, user), "/serial");
        await page.Locator("[data-testid=serial-terminal] .xterm-rows").WaitForAsync();
        return page;
    }

    private static async Task TypeAsync(IPage page, string text)
    {
        await page.Locator("[data-testid=serial-terminal] .xterm-helper-textarea").FocusAsync();
        foreach (var c in text)
        {
            await page.Keyboard.PressAsync(c == '\n' ? "Enter" : c.ToString());
        }
    }

    /// <summary>The terminal's text as xterm draws it: one row per line, trailing blanks removed.</summary>
    private static Task<string> TextAsync(IPage page) => page.EvaluateAsync<string>("""
        () => [...document.querySelectorAll('[data-testid=serial-terminal] .xterm-rows > div')]
              .map(row => row.textContent.replace(/\u00a0/g, ' ').trimEnd()).join('\n')
        """);

    private static async Task WaitForTextAsync(IPage page, string expected)
    {
        for (var i = 0; i < 150; i++)
        {
            if ((await TextAsync(page)).Contains(expected, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The terminal never showed \"{expected}\"; it shows:\n{await TextAsync(page)}");
    }
}
