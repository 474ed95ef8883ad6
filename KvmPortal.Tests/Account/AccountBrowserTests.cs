using System.Net;
using System.Net.Http.Headers;
using KvmPortal.Data;
using KvmPortal.Auth;
using KvmPortal.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KvmPortal.Tests.Account;

/// <summary>
/// The account page in Chromium, with the same user signed in in two browsers (two contexts): visiting it keeps the other browser
/// signed in (the security stamp stays); an API token is shown once, works, and stops working when revoked; a password change keeps
/// this browser and signs out the other; two-factor is turned on with a real TOTP code and off only with the password; "sign out my
/// other sessions" ends the other browser. Takes the account screenshots (1600x900 and 390x844, light and dark).
/// </summary>
[Trait("Category", "Browser")]
public sealed class AccountBrowserTests(ChromiumFixture chromium) : BrowserTest(chromium, ("oscar", Roles.Operator))
{
    protected override KvmAppFactory Configure(KvmAppFactory app) => app.With("KvmPortal:Security:SessionRevalidation", "00:00:01");

    [Fact]
    public async Task VisitingAccount_KeepsTheOtherBrowserSignedIn_AndTheStampUnchanged()
    {
        var stamp = await StampAsync();
        var (_, laptop) = await OpenConsoleAsync("oscar", Desktop);
        var (_, phone) = await OpenConsoleAsync("oscar", Phone);

        await OpenAccountAsync(laptop);
        Assert.Equal("oscar", await laptop.Locator("[data-testid=account-name]").InnerTextAsync());
        Assert.Equal("Operator", await laptop.Locator("[data-testid=account-role]").InnerTextAsync());
        await laptop.Locator("[data-testid=authenticator-key]").WaitForAsync();
        await laptop.ReloadAsync();
        await BrowserSignIn.WaitInteractiveAsync(laptop);
        await OpenAccountAsync(phone);

        Assert.Equal(stamp, await StampAsync());
        await Task.Delay(1500); // past the revalidation interval (1 s here): a renewed stamp would sign the others out now
        await phone.GotoAsync("/");
        await BrowserSignIn.WaitInteractiveAsync(phone);
        Assert.Equal("/", new Uri(phone.Url).AbsolutePath);
        await laptop.GotoAsync("/");
        await BrowserSignIn.WaitInteractiveAsync(laptop);
        Assert.Equal("/", new Uri(laptop.Url).AbsolutePath);
    }

    [Fact]
    public async Task Token_IsShownOnce_Works_AndStopsWhenRevoked()
    {
        var (_, page) = await OpenConsoleAsync("oscar");
        await OpenAccountAsync(page);
        await page.Locator("#token-name").FillAsync("backup script");
        await page.Locator("[data-testid=token-create]").ClickAsync();
        var secret = (await page.Locator("[data-testid=token-secret]").InnerTextAsync()).Trim();
        Assert.StartsWith("kvmp_", secret, StringComparison.Ordinal);
        await page.Locator("[data-testid=token-row][data-name='backup script'][data-revoked=false]").WaitForAsync();

        using var http = new HttpClient { BaseAddress = App.ServerAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using (var info = await http.GetAsync("/api/info"))
        {
            Assert.Equal(HttpStatusCode.OK, info.StatusCode);
        }

        await page.ReloadAsync();
        await BrowserSignIn.WaitInteractiveAsync(page);
        Assert.Equal(0, await page.Locator("[data-testid=token-secret]").CountAsync()); // shown once
        await page.Locator("[data-testid=token-row][data-name='backup script'] [data-testid=token-revoke]").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await page.Locator("[data-testid=token-row][data-name='backup script'][data-revoked=true]").WaitForAsync();
        using var refused = await http.GetAsync("/api/info");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode); // as the API contract: a revoked token is refused
    }

    [Fact]
    public async Task PasswordChange_KeepsThisBrowser_SignsOutTheOther_TwoFactorOnAndOff_SignOutOthers()
    {
        var (_, laptop) = await OpenConsoleAsync("oscar");
        var (otherContext, other) = await OpenConsoleAsync("oscar");
        await OpenAccountAsync(laptop);
        await ShotsAsync(laptop, "account");

        // The rules are shown; a weak new password is refused as it is typed and the button stays off.
        Assert.Contains("characters", await laptop.Locator("[data-testid=password-rules]").InnerTextAsync(), StringComparison.Ordinal);
        await laptop.Locator("#account-current").FillAsync(TestPasswords.User);
        await laptop.Locator("#account-new").FillAsync("short");
        await laptop.Locator("[data-testid=password-problem]").First.WaitForAsync();
        Assert.True(await laptop.Locator("[data-testid=password-submit]").IsDisabledAsync());

        var password = TestPasswords.New();
        await laptop.Locator("#account-new").FillAsync(password);
        await laptop.Locator("#account-confirm").FillAsync(password);
        await laptop.Locator("[data-testid=password-submit]:not([disabled])").ClickAsync();
        await laptop.Locator("[data-testid=account-result][data-result='password-changed']").WaitForAsync();
        await BrowserSignIn.WaitInteractiveAsync(laptop);
        await other.GotoAsync("/");
        await BrowserSignIn.WaitForPathAsync(other, "/Account/Login");

        // Two-factor on with a real code; off refused with a wrong password, done with the right one.
        var key = (await laptop.Locator("[data-testid=authenticator-key]").InnerTextAsync()).Trim();
        await laptop.Locator("#account-2fa-code").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await laptop.Locator("[data-testid=tfa-enable]:not([disabled])").ClickAsync();
        await laptop.Locator("[data-testid=account-result][data-result='2fa-enabled']").WaitForAsync();
        await BrowserSignIn.WaitInteractiveAsync(laptop);
        Assert.Equal(10, await laptop.Locator("[data-testid=recovery-codes] li").CountAsync());
        await laptop.Locator("#account-2fa-password").FillAsync("not my password");
        await laptop.Locator("[data-testid=tfa-disable]:not([disabled])").ClickAsync();
        await laptop.Locator("[data-testid=account-result][data-result='2fa-proof-wrong']").WaitForAsync();
        await BrowserSignIn.WaitInteractiveAsync(laptop);
        Assert.Equal("true", await laptop.Locator("[data-testid=account-2fa]").GetAttributeAsync("data-enabled"));
        await laptop.Locator("#account-2fa-password").FillAsync(password);
        await laptop.Locator("[data-testid=tfa-disable]:not([disabled])").ClickAsync();
        await laptop.Locator("[data-testid=account-result][data-result='2fa-disabled']").WaitForAsync();
        Assert.Equal("false", await laptop.Locator("[data-testid=account-2fa]").GetAttributeAsync("data-enabled"));

        // Sign out the others: a browser signed in again is ended; this one stays.
        var again = await SignInAsync(otherContext, "oscar", password);
        await BrowserSignIn.WaitInteractiveAsync(laptop);
        await laptop.Locator("[data-testid=sign-out-others]").ClickAsync();
        await laptop.Locator("[data-testid=account-result][data-result='signed-out-others']").WaitForAsync();
        await again.GotoAsync("/");
        await BrowserSignIn.WaitForPathAsync(again, "/Account/Login");
        await laptop.GotoAsync("/");
        await BrowserSignIn.WaitInteractiveAsync(laptop);
        Assert.Equal("/", new Uri(laptop.Url).AbsolutePath);
    }

    private static async Task OpenAccountAsync(IPage page)
    {
        await page.GotoAsync("/account");
        await BrowserSignIn.WaitInteractiveAsync(page);
        await page.Locator("[data-testid=account-profile]").WaitForAsync();
    }

    /// <summary>Light and dark at 1600x900, then the phone size, the page's full height.</summary>
    private static async Task ShotsAsync(IPage page, string name)
    {
        var light = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        await Screenshots.TakeAsync(page, $"{name}-light.png");
        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await page.WaitForFunctionAsync($"() => getComputedStyle(document.body).backgroundColor !== '{light}'");
        await Screenshots.TakeAsync(page, $"{name}-dark.png");
        await page.SetViewportSizeAsync(390, 844);
        await Screenshots.TakeAsync(page, $"{name}-phone-dark.png");
        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await page.WaitForFunctionAsync($"() => getComputedStyle(document.body).backgroundColor === '{light}'");
        await Screenshots.TakeAsync(page, $"{name}-phone-light.png", fullPage: true);
        await page.SetViewportSizeAsync(1600, 900);
    }

    private async Task<string?> StampAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return (await users.FindByNameAsync("oscar"))!.SecurityStamp;
    }
}
