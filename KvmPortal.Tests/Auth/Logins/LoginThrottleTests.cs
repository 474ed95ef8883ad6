using KvmPortal.Auth;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Options;

namespace KvmPortal.Tests.Auth.Logins;

/// <summary>The throttle's rules on a manual clock: per-address lockout with doubling, the account-wide limit, known-good addresses.</summary>
public sealed class LoginThrottleTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void FifthFailure_LocksThatAddressOnly_AndEachFurtherFailureDoublesTheLockout()
    {
        var throttle = Create(new SecurityOptions());
        for (var i = 1; i < 5; i++)
        {
            Assert.Equal((null, null), throttle.RecordFailure("admin", "192.0.2.66"));
        }

        var (first, _) = throttle.RecordFailure("admin", "192.0.2.66");
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(5), first);
        Assert.NotNull(throttle.PairLockedUntil("ADMIN", "192.0.2.66"));
        Assert.Null(throttle.PairLockedUntil("admin", "192.0.2.10")); // the owner's address is not affected
        Assert.Null(throttle.AccountLockedUntil("admin"));

        Assert.Equal((null, null), throttle.RecordFailure("admin", "192.0.2.66")); // still locked: no new lockout, but longer
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(10), throttle.PairLockedUntil("admin", "192.0.2.66"));
        throttle.RecordFailure("admin", "192.0.2.66");
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(20), throttle.PairLockedUntil("admin", "192.0.2.66"));
        for (var i = 0; i < 10; i++)
        {
            throttle.RecordFailure("admin", "192.0.2.66");
        }

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromHours(1), throttle.PairLockedUntil("admin", "192.0.2.66")); // capped

        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.Null(throttle.PairLockedUntil("admin", "192.0.2.66"));
    }

    [Fact]
    public void ASuccess_ClearsTheAddressCount()
    {
        var throttle = Create(new SecurityOptions());
        for (var i = 0; i < 4; i++)
        {
            throttle.RecordFailure("admin", "192.0.2.10");
        }

        throttle.RecordSuccess("admin", "192.0.2.10");
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal((null, null), throttle.RecordFailure("admin", "192.0.2.10"));
        }

        Assert.Null(throttle.PairLockedUntil("admin", "192.0.2.10"));
    }

    [Fact]
    public void AccountWideLimit_LocksTheAccount_ButNotForAnAddressThatSignedInBefore()
    {
        var throttle = Create(new SecurityOptions { LockoutAttempts = 3, AccountLockoutAttempts = 12 });
        throttle.RecordSuccess("admin", "192.0.2.10");
        DateTimeOffset? accountLock = null;
        for (var i = 0; i < 12; i++)
        {
            // A botnet: every address stays under its own limit.
            accountLock ??= throttle.RecordFailure("admin", $"198.51.100.{i}").AccountLock;
        }

        Assert.NotNull(accountLock);
        Assert.NotNull(throttle.AccountLockedUntil("admin"));
        Assert.True(throttle.IsKnownGood("admin", "192.0.2.10"));
        Assert.False(throttle.IsKnownGood("admin", "198.51.100.1"));

        throttle.Unlock("admin");
        Assert.Null(throttle.AccountLockedUntil("admin"));
    }

    private LoginThrottle Create(SecurityOptions security) => new(_time, new StaticOptionsMonitor(security));

    private sealed class StaticOptionsMonitor(SecurityOptions value) : IOptionsMonitor<SecurityOptions>
    {
        public SecurityOptions CurrentValue => value;

        public SecurityOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<SecurityOptions, string?> listener) => null;
    }
}
