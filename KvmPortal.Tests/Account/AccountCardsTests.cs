using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using KvmPortal.Account;
using KvmPortal.Auth;
using KvmPortal.Data;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace KvmPortal.Tests.Account;

/// <summary>
/// The account page's cards in bUnit, on the real app's services (a real SQLite file, Identity, the token store): the password card
/// checks as it is typed, the two-factor card's off/on/required states, tokens created (shown once) and revoked, the own sessions.
/// The stamp-changing posts themselves run in Chromium (<see cref="AccountBrowserTests"/>).
/// </summary>
public sealed class AccountCardsTests : KvmBunitContext
{
    private readonly KvmAppFactory _app = new KvmAppFactory().Start();
    private readonly AsyncServiceScope _scope;
    private readonly ApplicationUser _user;

    public AccountCardsTests()
    {
        Assert.Empty(_app.Services.GetRequiredService<UserAdministration>().CreateAsync("oscar", TestPasswords.User, Roles.Operator, CancellationToken.None).GetAwaiter().GetResult());
        _scope = _app.Services.CreateAsyncScope();
        _user = Users.FindByNameAsync("oscar").GetAwaiter().GetResult()!;
        Services.AddScoped<KvmPortal.Layout.Clipboard>();
        Services.AddFallbackServiceProvider(_scope.ServiceProvider);
        var auth = AddAuthorization();
        auth.SetAuthorized("oscar");
        auth.SetClaims([new Claim(ClaimTypes.NameIdentifier, _user.Id)]);
    }

    private UserManager<ApplicationUser> Users => _scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();

    [Fact]
    public void Password_WeakOrMismatched_KeepsTheButtonOff_AStrongMatchingOneTurnsItOn()
    {
        var card = RenderInteractive<PasswordCard>(p => p.Add(c => c.UserName, "oscar"));
        Assert.Equal("Account/Forms/Password", card.Find("form").GetAttribute("action"));
        Assert.Contains($"At least {Users.Options.Password.RequiredLength} characters", card.Find("[data-testid=password-rules]").TextContent, StringComparison.Ordinal);
        Assert.True(Submit(card).HasAttribute("disabled"));

        card.Find("#account-current").Input(TestPasswords.User);
        card.Find("#account-new").Input("short");
        card.WaitForAssertion(() => Assert.NotEmpty(card.FindAll("[data-testid=password-problem]")));
        card.Find("#account-confirm").Input("short");
        Assert.True(Submit(card).HasAttribute("disabled"));

        var strong = TestPasswords.New();
        card.Find("#account-new").Input(strong);
        card.WaitForAssertion(() => Assert.Empty(card.FindAll("[data-testid=password-problem]")));
        card.Find("#account-confirm").Input(strong + "x");
        Assert.Contains("The two new passwords differ.", card.Markup, StringComparison.Ordinal);
        Assert.True(Submit(card).HasAttribute("disabled"));

        card.Find("#account-confirm").Input(strong);
        card.WaitForAssertion(() => Assert.False(Submit(card).HasAttribute("disabled")));
        Assert.DoesNotContain("The two new passwords differ.", card.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoFactor_Off_OffersAKeyAndQr_TheButtonWaitsForACode_AndTheStampStays()
    {
        var stamp = _user.SecurityStamp;
        var card = RenderTwoFactor(await ProfileAsync());

        Assert.Equal("false", card.Find("[data-testid=account-2fa]").GetAttribute("data-enabled"));
        var key = card.Find("[data-testid=authenticator-key]").TextContent.Trim();
        Assert.Matches("^[A-Z2-7 ]{16,}$", key);
        Assert.StartsWith("data:image/", card.Find("img.kvm-qr").GetAttribute("src"), StringComparison.Ordinal);
        Assert.True(card.Find("[data-testid=tfa-enable]").HasAttribute("disabled"));
        card.Find("#account-2fa-code").Input("123456");
        card.WaitForAssertion(() => Assert.False(card.Find("[data-testid=tfa-enable]").HasAttribute("disabled")));
        Assert.Equal("Account/Forms/TwoFactor/Enable", card.Find("form").GetAttribute("action"));

        // Rendering again shows the same key (kept until enrolment), and showing it never renewed the security stamp.
        var again = RenderTwoFactor(await ProfileAsync());
        Assert.Equal(key, again.Find("[data-testid=authenticator-key]").TextContent.Trim());
        Assert.Equal(stamp, (await FreshUserAsync()).SecurityStamp);
    }

    [Fact]
    public async Task TwoFactor_On_TurnOffNeedsThePasswordOrACode_NewRecoveryCodesAreShownOnce()
    {
        await Users.SetTwoFactorEnabledAsync(_user, true);
        await Users.GenerateNewTwoFactorRecoveryCodesAsync(_user, 10);
        var card = RenderTwoFactor(await ProfileAsync());

        Assert.Equal("true", card.Find("[data-testid=account-2fa]").GetAttribute("data-enabled"));
        Assert.Contains("Recovery codes left: 10", card.Find("[data-testid=tfa-on]").TextContent, StringComparison.Ordinal);
        Assert.Empty(card.FindAll("[data-testid=authenticator-key]"));
        Assert.True(card.Find("[data-testid=tfa-disable]").HasAttribute("disabled"));
        card.Find("#account-2fa-password").Input("some password");
        card.WaitForAssertion(() => Assert.False(card.Find("[data-testid=tfa-disable]").HasAttribute("disabled")));

        Assert.Empty(card.FindAll("[data-testid=recovery-codes]"));
        card.Find("[data-testid=tfa-new-codes]").Click();
        card.WaitForAssertion(() => Assert.Equal(10, card.FindAll("[data-testid=recovery-codes] li").Count));
        var shown = card.FindAll("[data-testid=recovery-codes] li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(10, shown.Distinct(StringComparer.Ordinal).Count());
        await using var fresh = _app.Services.CreateAsyncScope();
        var users = fresh.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True((await users.RedeemTwoFactorRecoveryCodeAsync((await users.FindByNameAsync("oscar"))!, shown[0])).Succeeded);
    }

    [Fact]
    public async Task TwoFactor_RequiredForTheAccount_CannotBeTurnedOff()
    {
        await Users.SetTwoFactorEnabledAsync(_user, true);
        _user.RequireTwoFactor = true;
        await Users.UpdateAsync(_user);
        var card = RenderTwoFactor(await ProfileAsync());

        card.Find("[data-testid=tfa-required]");
        Assert.Empty(card.FindAll("[data-testid=tfa-disable-form]"));
    }

    [Fact]
    public async Task TwoFactor_JustTurnedOn_ShowsTheHandedOverCodes()
    {
        await Users.SetTwoFactorEnabledAsync(_user, true);
        var card = RenderTwoFactor(await ProfileAsync(), ["aaaa-1111", "bbbb-2222"]);

        Assert.Equal(["aaaa-1111", "bbbb-2222"], card.FindAll("[data-testid=recovery-codes] li").Select(li => li.TextContent.Trim()));
    }

    [Fact]
    public async Task Tokens_OnlyPermissionsTheUserHolds_CreatedTokenIsShownOnce_Works_AndIsRevokedAfterAsking()
    {
        var profile = await ProfileAsync();
        var card = RenderInteractive<TokensCard>(p => p.Add(c => c.Profile, profile));
        var dialogs = Render<MudDialogProvider>();

        Assert.Empty(card.FindAll($"[data-testid=token-perm-{Permissions.Admin}]")); // an Operator cannot hand out Admin
        card.Find($"[data-testid=token-perm-{Permissions.View}]");
        Assert.True(card.Find("[data-testid=token-create]").HasAttribute("disabled"));
        card.Find("#token-name").Input("backup script");
        card.WaitForAssertion(() => Assert.False(card.Find("[data-testid=token-create]").HasAttribute("disabled")));
        card.Find("[data-testid=token-create]").Click();

        card.WaitForAssertion(() => card.Find("[data-testid=token-secret]"));
        var secret = card.Find("[data-testid=token-secret]").TextContent.Trim();
        Assert.StartsWith("kvmp_", secret, StringComparison.Ordinal);
        var verifier = _app.Services.GetRequiredService<IApiTokenVerifier>();
        Assert.NotNull(await verifier.VerifyAsync(secret, CancellationToken.None));
        var row = card.Find("[data-testid=token-row][data-name='backup script']");
        Assert.Equal("false", row.GetAttribute("data-revoked"));
        Assert.Contains(Permissions.View, row.TextContent, StringComparison.Ordinal);
        Assert.Empty(RenderInteractive<TokensCard>(p => p.Add(c => c.Profile, profile)).FindAll("[data-testid=token-secret]")); // shown once

        card.Find("[data-testid=token-row][data-name='backup script'] [data-testid=token-revoke]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains(dialogs.FindAll("button"), b => b.TextContent.Trim() == "Keep"));
        dialogs.FindAll("button").First(b => b.TextContent.Trim() == "Keep").Click();
        Assert.NotNull(await verifier.VerifyAsync(secret, CancellationToken.None));
        card.Find("[data-testid=token-row][data-name='backup script'] [data-testid=token-revoke]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains(dialogs.FindAll("button"), b => b.TextContent.Trim() == "Revoke"));
        dialogs.FindAll("button").First(b => b.TextContent.Trim() == "Revoke").Click();

        card.WaitForAssertion(() => Assert.Equal("true", card.Find("[data-testid=token-row][data-name='backup script']").GetAttribute("data-revoked")));
        Assert.Null(await verifier.VerifyAsync(secret, CancellationToken.None));
    }

    [Fact]
    public async Task Sessions_ListTheUsersOwnBrowsers_AndOfferSignOutOthers()
    {
        var seen = _app.Services.GetRequiredService<ActiveSessions>();
        seen.Seen("oscar", Request("10.0.0.7", "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36"));
        seen.Seen("someone-else", Request("10.0.0.8", "curl/8.0"));
        var profile = await ProfileAsync();
        var card = RenderInteractive<SessionsCard>(p => p.Add(c => c.Profile, profile));

        var row = Assert.Single(card.FindAll("[data-testid=session-row]"));
        Assert.Contains("10.0.0.7", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("now", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.0.8", card.Markup, StringComparison.Ordinal);
        Assert.Equal("Account/Forms/Sessions/SignOutOthers", card.Find("form").GetAttribute("action"));
        card.Find("[data-testid=sign-out-others]");
    }

    [Fact]
    public async Task Profile_ShowsNameRoleAndWhatTheRoleAllows()
    {
        var profile = await ProfileAsync();
        var card = RenderInteractive<ProfileCard>(p => p.Add(c => c.Profile, profile));

        Assert.Equal("oscar", card.Find("[data-testid=account-name]").TextContent.Trim());
        Assert.Equal("Operator", card.Find("[data-testid=account-role]").TextContent.Trim());
        Assert.Contains("type and use the mouse", card.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("administer users", card.Markup, StringComparison.Ordinal);
        Assert.Equal("none before this one", card.Find("[data-testid=account-previous-signin]").TextContent.Trim());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _scope.Dispose();
            _app.Dispose();
        }
    }

    private static IElement Submit(IRenderedComponent<PasswordCard> card) => card.Find("[data-testid=password-submit]");

    private static Microsoft.AspNetCore.Http.DefaultHttpContext Request(string address, string agent)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(address);
        context.Request.Headers.UserAgent = agent;
        return context;
    }

    private ClaimsPrincipal Principal() => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, _user.Id), new Claim(ClaimTypes.Name, "oscar"),
         .. Roles.PermissionsOf(Roles.Operator).Select(p => new Claim(Permissions.ClaimType, p))], "test"));

    private async Task<AccountProfile> ProfileAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<AccountOverview>().ProfileAsync(Principal(), CancellationToken.None))!;
    }

    private async Task<ApplicationUser> FreshUserAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync("oscar"))!;
    }

    private IRenderedComponent<TwoFactorCard> RenderTwoFactor(AccountProfile profile, IReadOnlyList<string>? codes = null)
    {
        return RenderInteractive<TwoFactorCard>(p => p.Add(c => c.Profile, profile).Add(c => c.NewCodes, codes));
    }
}
