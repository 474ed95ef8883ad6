using KvmPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KvmPortal.Layout;

/// <summary>
/// Each user's light/dark choice, kept as a row in the Identity user-claims table (written directly, so choosing a theme never touches
/// the security stamp or the user row).
/// </summary>
public sealed class ThemePreferences(IServiceScopeFactory scopes)
{
    public const string ClaimType = "kvmportal:theme";

    /// <summary>Returns true (dark), false (light) or null (never chosen).</summary>
    public async Task<bool?> GetAsync(string userName, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KvmDbContext>();
        var normalized = userName.ToUpperInvariant();
        var value = await (from u in db.Users
                           join c in db.UserClaims on u.Id equals c.UserId
                           where u.NormalizedUserName == normalized && c.ClaimType == ClaimType
                           select c.ClaimValue).FirstOrDefaultAsync(cancellationToken);
        return value is null ? null : KvmTheme.IsDark(value);
    }

    public async Task SetAsync(string userName, bool dark, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KvmDbContext>();
        var normalized = userName.ToUpperInvariant();
        var userId = await db.Users.Where(u => u.NormalizedUserName == normalized).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
        if (userId is null)
        {
            return;
        }

        var row = await db.UserClaims.FirstOrDefaultAsync(c => c.UserId == userId && c.ClaimType == ClaimType, cancellationToken);
        if (row is null)
        {
            db.UserClaims.Add(new IdentityUserClaim<string> { UserId = userId, ClaimType = ClaimType, ClaimValue = dark ? "dark" : "light" });
        }
        else
        {
            row.ClaimValue = dark ? "dark" : "light";
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>After a sign-in: puts the user's stored choice into the theme cookie, so static pages (login) are drawn in it on this browser too.</summary>
    public async Task WriteCookieAsync(HttpContext context, string userName)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await GetAsync(userName, context.RequestAborted) is { } dark)
        {
            context.Response.Cookies.Append(KvmTheme.Cookie, dark ? "dark" : "light", new CookieOptions
            {
                Path = "/", MaxAge = TimeSpan.FromDays(365), SameSite = SameSiteMode.Strict, IsEssential = true,
            });
        }
    }
}
