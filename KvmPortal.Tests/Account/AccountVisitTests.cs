using System.Net;
using KvmPortal.Data;
using KvmPortal.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Account;

/// <summary>Visiting the account (two-factor) page must not sign the user out of their other sessions.</summary>
public sealed class AccountVisitTests
{
    [Fact]
    public async Task VisitingTheTwoFactorPage_KeepsTheSecurityStamp_AndOtherSessionsSignedIn()
    {
        using var app = new KvmAppFactory().With("KvmPortal:Security:SessionRevalidation", "00:00:01").Start();
        using var laptop = new PortalClient(app);
        using var phone = new PortalClient(app);
        (await laptop.LoginAsync("admin", KvmAppFactory.AdminPassword)).Dispose();
        (await phone.LoginAsync("admin", KvmAppFactory.AdminPassword)).Dispose();
        var stampBefore = await StampAsync(app);

        var page = await laptop.GetStringAsync("/Account/TwoFactor");
        Assert.Contains("data-testid=\"authenticator-key\"", page, StringComparison.Ordinal);
        var again = await laptop.GetStringAsync("/Account/TwoFactor");

        Assert.Equal(stampBefore, await StampAsync(app));
        Assert.Equal(KeyOf(page), KeyOf(again)); // the same key until enrolment, not a new one per visit
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // past the cookie's revalidation interval: a changed stamp would sign the others out now
        using var home = await phone.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        using var laptopHome = await laptop.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, laptopHome.StatusCode);
    }

    private static async Task<string?> StampAsync(KvmAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return (await users.FindByNameAsync("admin"))!.SecurityStamp;
    }

    private static string KeyOf(string page)
    {
        var start = page.IndexOf("data-testid=\"authenticator-key\">", StringComparison.Ordinal);
        Assert.True(start >= 0);
        var from = page.IndexOf('>', start) + 1;
        return page[from..page.IndexOf('<', from)];
    }
}
