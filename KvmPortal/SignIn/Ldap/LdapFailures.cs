using System.Collections.Concurrent;
using KvmPortal.Auth;
using Microsoft.Extensions.Options;

namespace KvmPortal.SignIn.Ldap;

/// <summary>
/// Failed directory sign-ins of names that have no KvmPortal account yet (accounts that exist use Identity's own lockout): the same
/// limits (<c>KvmPortal:Security:LockoutAttempts</c> / <c>LockoutDuration</c>), so guessing through the KVM is throttled even for them.
/// </summary>
public sealed class LdapFailures(TimeProvider time, IOptionsMonitor<SecurityOptions> securityOptions)
{
    private const int MaxNames = 10_000;
    private readonly ConcurrentDictionary<string, (int Count, DateTimeOffset LockedUntil)> _failures = new(StringComparer.OrdinalIgnoreCase);

    public bool IsLockedOut(string userName) => _failures.TryGetValue(userName, out var f) && f.LockedUntil > time.GetUtcNow();

    /// <summary>Counts a failure; returns true when it started a lockout.</summary>
    public bool Fail(string userName)
    {
        if (_failures.Count >= MaxNames)
        {
            _failures.Clear();
        }

        var security = securityOptions.CurrentValue;
        var entry = _failures.AddOrUpdate(userName, (1, DateTimeOffset.MinValue), (_, f) => (f.Count + 1, f.LockedUntil));
        if (entry.Count < security.LockoutAttempts)
        {
            return false;
        }

        _failures[userName] = (0, time.GetUtcNow() + security.LockoutDuration);
        return true;
    }

    public void Succeed(string userName) => _failures.TryRemove(userName, out _);
}
