using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace KvmPortal.SignIn.Passkeys;

/// <summary>
/// Pending WebAuthn ceremonies (the options sent to the browser, holding the challenge), server-side and single-use: the browser only
/// holds a random id in a cookie. Entries expire after <see cref="Lifetime"/>; at most <see cref="Capacity"/> are kept.
/// </summary>
public sealed class PasskeyChallenges(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    public const int Capacity = 1000;

    private readonly ConcurrentDictionary<string, Entry> _pending = new(StringComparer.Ordinal);

    /// <summary>Stores a ceremony's options JSON (and for whom: null for a username-less sign-in); returns its id.</summary>
    public string Add(string optionsJson, string? userId)
    {
        var now = time.GetUtcNow();
        foreach (var expired in _pending.Where(p => p.Value.Expires <= now).Select(p => p.Key).ToList())
        {
            _pending.TryRemove(expired, out _);
        }

        if (_pending.Count >= Capacity)
        {
            foreach (var oldest in _pending.OrderBy(p => p.Value.Expires).Take(_pending.Count - Capacity + 1).Select(p => p.Key).ToList())
            {
                _pending.TryRemove(oldest, out _);
            }
        }

        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _pending[id] = new Entry(optionsJson, userId, now + Lifetime);
        return id;
    }

    /// <summary>Takes (and so ends) a ceremony; null when unknown, used or expired.</summary>
    public (string OptionsJson, string? UserId)? Take(string? id)
    {
        if (id is null || !_pending.TryRemove(id, out var entry) || entry.Expires <= time.GetUtcNow())
        {
            return null;
        }

        return (entry.OptionsJson, entry.UserId);
    }

    private sealed record Entry(string OptionsJson, string? UserId, DateTimeOffset Expires);
}
