using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace KvmPortal.Auth;

/// <summary>
/// Brute-force protection without a lockout denial of service. Failures are counted per (account, client address): after
/// <see cref="SecurityOptions.LockoutAttempts"/> that address is locked out of that account for <see cref="SecurityOptions.LockoutDuration"/>,
/// doubling with each further failure up to <see cref="SecurityOptions.MaxLockoutDuration"/>; the owner signs in from anywhere else.
/// A much higher account-wide count (<see cref="SecurityOptions.AccountLockoutAttempts"/> within an hour, all addresses) locks the
/// account, except for addresses that signed in to it successfully before. A success clears the address's count.
/// </summary>
public sealed class LoginThrottle(TimeProvider time, IOptionsMonitor<SecurityOptions> options)
{
    private static readonly TimeSpan PairMemory = TimeSpan.FromDays(1);
    private static readonly TimeSpan AccountWindow = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<(string Account, string Address), Counter> _pairs = new();
    private readonly ConcurrentDictionary<string, Counter> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string Account, string Address), byte> _knownGood = new();

    private readonly ConcurrentDictionary<(string Account, string Address, string Kind), DateTimeOffset> _successAudited = new();

    private SecurityOptions Options => options.CurrentValue;

    /// <summary>
    /// Whether a per-request credential's success (Basic, X-KVMD headers: every request authenticates) should be audited now: the first
    /// success per account, address and kind, then at most once a minute, so the log shows who uses the API without a row per frame.
    /// </summary>
    public bool ShouldAuditSuccess(string account, string address, string kind)
    {
        var now = time.GetUtcNow();
        var key = (account.ToUpperInvariant(), address, kind);
        if (_successAudited.TryGetValue(key, out var last) && now - last < TimeSpan.FromMinutes(1))
        {
            return false;
        }

        _successAudited[key] = now;
        return true;
    }

    /// <summary>Gets until when the address is locked out of the account; null when it is not.</summary>
    public DateTimeOffset? PairLockedUntil(string account, string address)
    {
        var now = time.GetUtcNow();
        return _pairs.TryGetValue(Key(account, address), out var pair) && pair.LockedUntil > now ? pair.LockedUntil : null;
    }

    /// <summary>Gets until when the account is locked for everyone (in memory; the store's LockoutEnd is the lasting copy).</summary>
    public DateTimeOffset? AccountLockedUntil(string account)
    {
        var now = time.GetUtcNow();
        return _accounts.TryGetValue(account, out var counter) && counter.LockedUntil > now ? counter.LockedUntil : null;
    }

    /// <summary>Whether the address signed in to the account before (the account-wide lock does not apply to it).</summary>
    public bool IsKnownGood(string account, string address) => _knownGood.ContainsKey(Key(account, address));

    /// <summary>Counts a failure; returns the lockouts that start now (pair and/or account), for the audit and the store.</summary>
    public (DateTimeOffset? PairLock, DateTimeOffset? AccountLock) RecordFailure(string account, string address)
    {
        var now = time.GetUtcNow();
        var settings = Options;
        DateTimeOffset? pairLock = null;
        DateTimeOffset? accountLock = null;
        var pair = _pairs.GetOrAdd(Key(account, address), _ => new Counter());
        lock (pair)
        {
            if (now - pair.LastFailure > PairMemory)
            {
                pair.Failures = 0;
            }

            pair.Failures++;
            pair.LastFailure = now;
            if (pair.Failures >= settings.LockoutAttempts)
            {
                // Each further failure (also while locked) doubles the lockout, up to the maximum; only a new lockout is reported.
                var doublings = Math.Min(pair.Failures - settings.LockoutAttempts, 20);
                var duration = TimeSpan.FromTicks(Math.Min(settings.LockoutDuration.Ticks << doublings, settings.MaxLockoutDuration.Ticks));
                var wasLocked = pair.LockedUntil > now;
                pair.LockedUntil = now + duration;
                pairLock = wasLocked ? null : pair.LockedUntil;
            }
        }

        var total = _accounts.GetOrAdd(account, _ => new Counter());
        lock (total)
        {
            if (now - total.LastFailure > AccountWindow)
            {
                total.Failures = 0;
            }

            total.Failures++;
            total.LastFailure = now;
            if (total.Failures >= settings.AccountLockoutAttempts && total.LockedUntil <= now)
            {
                total.LockedUntil = now + settings.LockoutDuration;
                total.Failures = 0;
                accountLock = total.LockedUntil;
            }
        }

        Prune(now);
        return (pairLock, accountLock);
    }

    public void RecordSuccess(string account, string address)
    {
        _pairs.TryRemove(Key(account, address), out _);
        _knownGood[Key(account, address)] = 0;
    }

    /// <summary>Forgets every lockout and count of the account (admin unlock, the <c>users unlock</c> command seen through the store).</summary>
    public void Unlock(string account)
    {
        foreach (var key in _pairs.Keys.Where(k => string.Equals(k.Account, account, StringComparison.OrdinalIgnoreCase)))
        {
            _pairs.TryRemove(key, out _);
        }

        _accounts.TryRemove(account, out _);
    }

    private static (string, string) Key(string account, string address) => (account.ToUpperInvariant(), address);

    private void Prune(DateTimeOffset now)
    {
        if (_pairs.Count < 10_000)
        {
            return;
        }

        foreach (var (key, pair) in _pairs.Where(p => now - p.Value.LastFailure > PairMemory && p.Value.LockedUntil <= now))
        {
            _pairs.TryRemove(key, out _);
        }
    }

    private sealed class Counter
    {
        public int Failures { get; set; }

        public DateTimeOffset LastFailure { get; set; }

        public DateTimeOffset LockedUntil { get; set; }
    }
}
