using System.Collections.Concurrent;
using System.Globalization;
using KvmPortal.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KvmPortal.Auth;

/// <summary>
/// Cookie sessions ended by logout, so a copied cookie replayed after logout is refused (the cookie itself stays cryptographically
/// valid until it expires). Kept in memory and in Identity's user-token table (no schema change) until the longest a cookie can
/// live, so the refusal survives a restart.
/// </summary>
public sealed class LoggedOutSessions(IServiceScopeFactory scopes, TimeProvider time, IOptionsMonitor<CookieAuthenticationOptions> cookies) : IDisposable
{
    public const string Provider = "KvmPortal.LoggedOut";

    private readonly ConcurrentDictionary<string, DateTimeOffset> _ended = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _load = new(1, 1);
    private volatile bool _loaded;

    public async Task<bool> IsEndedAsync(string sessionId, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken);
        return _ended.TryGetValue(sessionId, out var until) && until > time.GetUtcNow();
    }

    /// <summary>Records the end of a cookie session (idempotent) and forgets entries whose cookies have expired anyway.</summary>
    public async Task EndAsync(string userId, string sessionId, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken);
        var now = time.GetUtcNow();
        var until = now + cookies.Get(IdentityConstants.ApplicationScheme).ExpireTimeSpan;
        _ended[sessionId] = until;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KvmDbContext>();
        var stale = await db.UserTokens.Where(t => t.LoginProvider == Provider).ToListAsync(cancellationToken);
        db.UserTokens.RemoveRange(stale.Where(t => Until(t.Value) <= now || t.Name == sessionId));
        db.UserTokens.Add(new IdentityUserToken<string>
        {
            UserId = userId,
            LoginProvider = Provider,
            Name = sessionId,
            Value = until.UtcTicks.ToString(CultureInfo.InvariantCulture),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return;
        }

        await _load.WaitAsync(cancellationToken);
        try
        {
            if (_loaded)
            {
                return;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KvmDbContext>();
            foreach (var row in await db.UserTokens.AsNoTracking().Where(t => t.LoginProvider == Provider).ToListAsync(cancellationToken))
            {
                _ended[row.Name] = Until(row.Value);
            }

            _loaded = true;
        }
        finally
        {
            _load.Release();
        }
    }

    public void Dispose() => _load.Dispose();

    private static DateTimeOffset Until(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks > 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : DateTimeOffset.MinValue;
}
