using System.Collections.Concurrent;

namespace KvmPortal.Account;

/// <summary>
/// Hands the recovery codes made when a user turns two-factor authentication on (in a form post) to the account page that follows,
/// once: the first read takes them, and unread codes are dropped after <see cref="Lifetime"/>.
/// </summary>
public sealed class RecoveryCodeHandoff(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (IReadOnlyList<string> Codes, DateTimeOffset Expires)> _codes = new(StringComparer.Ordinal);

    public void Put(string userId, IEnumerable<string> codes) => _codes[userId] = ([.. codes], time.GetUtcNow() + Lifetime);

    public IReadOnlyList<string>? Take(string userId) =>
        _codes.TryRemove(userId, out var entry) && entry.Expires > time.GetUtcNow() ? entry.Codes : null;
}
