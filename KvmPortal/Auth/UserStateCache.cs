using System.Collections.Concurrent;
using KvmPortal.Data;
using Microsoft.AspNetCore.Identity;

namespace KvmPortal.Auth;

/// <summary>A user's security stamp and disabled flag, read from the store at most once a second per user (and at once after a revocation).</summary>
public sealed class UserStateCache
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;

    public UserStateCache(IServiceScopeFactory scopes, TimeProvider time, SessionRevocation revocation)
    {
        ArgumentNullException.ThrowIfNull(revocation);
        _scopes = scopes;
        _time = time;
        revocation.Revoked += (_, user) => _entries.TryRemove(user, out Entry? _);
    }

    /// <summary>Gets the user's state; null when the user no longer exists. <paramref name="fresh"/> skips the cache.</summary>
    public async Task<UserState?> GetAsync(string userName, bool fresh, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (!fresh && _entries.TryGetValue(userName, out var cached) && now - cached.At < MaxAge)
        {
            return cached.State;
        }

        cancellationToken.ThrowIfCancellationRequested();
        await using var scope = _scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByNameAsync(userName);
        var state = user is null ? null : new UserState(user.SecurityStamp, user.Disabled);
        _entries[userName] = new Entry(state, now);
        return state;
    }

    private sealed record Entry(UserState? State, DateTimeOffset At);
}
