using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace KvmPortal.Ipmi;

/// <summary>
/// Counts failed RAKP logins per (user name, source address); after <see cref="IpmiOptions.LockoutAttempts"/> the pair is refused for
/// <see cref="IpmiOptions.LockoutDuration"/> without a RAKP 2 (so no more password hashes are handed out). Bounded in size.
/// </summary>
public sealed class IpmiLockout(IOptions<IpmiOptions> options, TimeProvider time)
{
    private const int MaxEntries = 4096;
    private readonly ConcurrentDictionary<(string User, IPAddress Address), Entry> _entries = new();

    public bool IsLockedOut(string user, IPAddress address) =>
        _entries.TryGetValue(Key(user, address), out var e) && e.LockedUntil > time.GetUtcNow();

    /// <summary>Records a failure; true when this failure starts a lockout.</summary>
    public bool Fail(string user, IPAddress address)
    {
        var now = time.GetUtcNow();
        if (_entries.Count >= MaxEntries)
        {
            foreach (var stale in _entries.Where(p => p.Value.LockedUntil <= now && now - p.Value.LastFailure > options.Value.LockoutDuration).Select(p => p.Key).ToList())
            {
                _entries.TryRemove(stale, out _);
            }

            if (_entries.Count >= MaxEntries)
            {
                return false;
            }
        }

        var o = options.Value;
        var entry = _entries.AddOrUpdate(Key(user, address), _ => new Entry(1, now, DateTimeOffset.MinValue), (_, e) =>
        {
            var failures = now - e.LastFailure > o.LockoutDuration ? 1 : e.Failures + 1;
            return new Entry(failures, now, e.LockedUntil);
        });
        if (entry.Failures >= o.LockoutAttempts && entry.LockedUntil <= now)
        {
            _entries[Key(user, address)] = entry with { Failures = 0, LockedUntil = now + o.LockoutDuration };
            return true;
        }

        return false;
    }

    public void Succeed(string user, IPAddress address) => _entries.TryRemove(Key(user, address), out _);

    private static (string, IPAddress) Key(string user, IPAddress address) => (user.ToUpperInvariant(), address);

    private sealed record Entry(int Failures, DateTimeOffset LastFailure, DateTimeOffset LockedUntil);
}
