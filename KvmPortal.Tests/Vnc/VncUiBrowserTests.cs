using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Tests.Audit;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using KvmPortal.Vnc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace KvmPortal.Tests.Vnc;

/// <summary>
/// The VNC parts of the web UI in Debian's Chromium: the settings card (classic VNC passwords switched off and on, live, audited), the
/// users page setting another user's VNC password, the account page setting and removing one's own (each works at once with a real
/// RFB login, and is audited). Takes the screenshots (1600x900 and 390x844, light and dark).
/// </summary>
[Collection(VncTests.Name)]
[Trait("Category", "Browser")]
public sealed class VncUiBrowserTests(VncTestApp app, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    // MudSwitch puts its attributes on the checkbox itself (the selector also finds it inside, should that change).
    private const string ClassicSwitch = "input[data-testid=vnc-classic], [data-testid=vnc-classic] input";

    [Fact]
    public async Task SettingsCard_SwitchesClassicPasswordsOffAndOn_LiveAndAudited()
    {
        var (context, page) = await BrowserSignIn.OpenConsoleAsync(chromium.Browser, app.Factory.ServerAddress, "admin", KvmAppFactory.AdminPassword);
        await using var _ = context;
        await page.GotoAsync("/settings");
        await BrowserSignIn.WaitInteractiveAsync(page);
        var card = page.Locator("[data-testid=vnc-settings]");
        await card.WaitForAsync();
        Assert.True(await page.Locator(ClassicSwitch).IsCheckedAsync());
        var options = app.Factory.Services.GetRequiredService<IOptionsMonitor<VncOptions>>();
        try
        {
            await page.Locator(ClassicSwitch).ClickAsync();
            await page.Locator("[data-testid=vnc-settings-save]").ClickAsync();
            await page.Locator("[data-testid=vnc-settings-saved]").WaitForAsync();
            Assert.DoesNotContain("Restart needed", await page.Locator("[data-testid=vnc-settings-saved]").InnerTextAsync(), StringComparison.Ordinal);
            await VncTestApp.WaitUntilAsync(() => !options.CurrentValue.AllowClassicAuth, "the configuration to reload");
            await using (var client = await RfbTestClient.ConnectAsync(app.Port))
            {
                Assert.Equal([19], await client.StartAsync()); // VNC Authentication is no longer offered
            }

            var rows = await AuditRows.OfAsync(app.Factory.Services, AuditActions.SettingsChanged);
            Assert.Contains(rows, r => r.Target == "vnc" && r.Outcome == AuditOutcome.Success && (r.Details ?? "").Contains("KvmPortal:Vnc:AllowClassicAuth: true → false", StringComparison.OrdinalIgnoreCase));

            // A wrong port is refused by the start validator and nothing changes.
            await page.Locator("#vnc-port").FillAsync("70000");
            await page.Locator("#vnc-port").PressAsync("Tab");
            await page.Locator("[data-testid=vnc-settings-save]").ClickAsync();
            await page.Locator("[data-testid=vnc-settings-errors]").GetByText("must be a TCP port").WaitForAsync();
            await page.Locator("#vnc-port").FillAsync("0");
            await page.Locator("#vnc-port").PressAsync("Tab");
            await ShotsAsync(page, card, "vnc-settings-card");
        }
        finally
        {
            if (!await page.Locator(ClassicSwitch).IsCheckedAsync())
            {
                await page.Locator(ClassicSwitch).ClickAsync();
            }

            await page.Locator("[data-testid=vnc-settings-save]").ClickAsync();
            await VncTestApp.WaitUntilAsync(() => options.CurrentValue.AllowClassicAuth, "classic auth to be back on");
        }

        await using var again = await RfbTestClient.ConnectAsync(app.Port);
        Assert.Equal([19, 2], await again.StartAsync());
    }

    [Fact]
    public async Task UsersPage_SetsAnotherUsersVncPassword_AccountPage_SetsAndRemovesOwn()
    {
        Assert.Empty(await app.Factory.Services.GetRequiredService<UserAdministration>().CreateAsync("uma", TestPasswords.User, Roles.Operator, CancellationToken.None));

        // The admin sets uma's VNC password on the users page; it works at once.
        var (adminContext, admin) = await BrowserSignIn.OpenConsoleAsync(chromium.Browser, app.Factory.ServerAddress, "admin", KvmAppFactory.AdminPassword);
        await using (adminContext)
        {
            await admin.GotoAsync("/admin/users");
            await BrowserSignIn.WaitInteractiveAsync(admin);
            await admin.Locator("[data-testid=user-actions][data-user=uma] [data-testid=vnc-password-open]").ClickAsync();
            var panel = admin.Locator("[data-testid=users-vnc-password]");
            await panel.Locator("[data-testid=vnc-password-weak]").WaitForAsync();
            Assert.Equal("not set", await panel.Locator("[data-testid=vnc-password-state]").InnerTextAsync());
            await admin.Locator("#vnc-password-input-uma").FillAsync("short");
            await panel.Locator("[data-testid=vnc-password-set]").ClickAsync();
            await panel.Locator("[data-testid=vnc-password-result]").GetByText("6 to 8 characters").WaitForAsync();
            await admin.Locator("#vnc-password-input-uma").FillAsync("uma12345");
            await panel.Locator("[data-testid=vnc-password-set]").ClickAsync();
            await panel.Locator("[data-testid=vnc-password-state]").GetByText("set", new() { Exact = true }).WaitForAsync();
            await ShotsAsync(admin, panel, "vnc-users-password");
        }

        await using (var client = await RfbTestClient.ConnectAsync(app.Port))
        {
            await client.StartAsync();
            Assert.True(await client.VncAuthAsync("uma12345"), client.FailureReason);
        }

        // uma changes it on her account page; the session opened with the admin's password ends; then she removes it.
        await using var old = await RfbTestClient.ConnectAsync(app.Port);
        await old.StartAsync();
        Assert.True(await old.VncAuthAsync("uma12345"), old.FailureReason);
        await old.InitAsync();
        var (umaContext, uma) = await BrowserSignIn.OpenConsoleAsync(chromium.Browser, app.Factory.ServerAddress, "uma", TestPasswords.User);
        await using (umaContext)
        {
            await uma.GotoAsync("/account");
            await BrowserSignIn.WaitInteractiveAsync(uma);
            var card = uma.Locator("[data-testid=account-vnc]");
            await card.Locator("[data-testid=vnc-password-weak]").WaitForAsync();
            Assert.Equal("set", await card.Locator("[data-testid=vnc-password-state]").InnerTextAsync());
            await uma.Locator("#vnc-password-input-uma").FillAsync("uma54321");
            await card.Locator("[data-testid=vnc-password-set]").ClickAsync();
            await card.Locator("[data-testid=vnc-password-result]").GetByText("VNC password set").WaitForAsync();
            Assert.True(await old.IsClosedAsync(TimeSpan.FromSeconds(2)), "the session opened with the old VNC password is still open");
            await using (var client = await RfbTestClient.ConnectAsync(app.Port))
            {
                await client.StartAsync();
                Assert.True(await client.VncAuthAsync("uma54321"), client.FailureReason);
            }

            await ShotsAsync(uma, card, "vnc-account-password");
            await card.Locator("[data-testid=vnc-password-clear]").ClickAsync();
            await card.Locator("[data-testid=vnc-password-state]").GetByText("not set").WaitForAsync();
        }

        await using (var client = await RfbTestClient.ConnectAsync(app.Port))
        {
            await client.StartAsync();
            Assert.False(await client.VncAuthAsync("uma54321"), "a removed VNC password still works");
        }

        var set = await AuditRows.OfAsync(app.Factory.Services, VncAuditActions.PasswordSet);
        Assert.Contains(set, r => r.User == "admin" && r.Target == "uma" && r.Outcome == AuditOutcome.Success);
        Assert.Contains(set, r => r.User == "admin" && r.Target == "uma" && r.Outcome == AuditOutcome.Failure);
        Assert.Contains(set, r => r.User == "uma" && r.Target == "uma" && r.Outcome == AuditOutcome.Success);
        Assert.Contains(await AuditRows.OfAsync(app.Factory.Services, VncAuditActions.PasswordCleared), r => r.User == "uma" && r.Target == "uma");
        Assert.All(set, r => Assert.DoesNotContain("uma12345", r.Details ?? "", StringComparison.Ordinal));
    }

    /// <summary>The element in light and dark at 1600x900, then at the phone size.</summary>
    private static async Task ShotsAsync(IPage page, ILocator element, string name)
    {
        var light = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        await element.ScreenshotAsync(new() { Path = Screenshots.PathFor($"{name}-light.png") });
        await page.SetViewportSizeAsync(390, 844);
        await element.ScreenshotAsync(new() { Path = Screenshots.PathFor($"{name}-phone-light.png") });
        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await page.WaitForFunctionAsync($"() => getComputedStyle(document.body).backgroundColor !== '{light}'");
        await element.ScreenshotAsync(new() { Path = Screenshots.PathFor($"{name}-phone-dark.png") });
        await page.SetViewportSizeAsync(1600, 900);
        await element.ScreenshotAsync(new() { Path = Screenshots.PathFor($"{name}-dark.png") });
        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await page.WaitForFunctionAsync($"() => getComputedStyle(document.body).backgroundColor === '{light}'");
    }
}
