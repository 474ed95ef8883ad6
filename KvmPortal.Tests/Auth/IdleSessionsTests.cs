using KvmPortal.Auth;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Options;

namespace KvmPortal.Tests.Auth;

/// <summary>The idle-session bookkeeping on a manual clock: use renews, mere presence does not, 0 means never, the ping interval.</summary>
public sealed class IdleSessionsTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly Monitor _options = new(TimeSpan.FromMinutes(10));

    [Fact]
    public void ASessionUsedWithinTheTimeout_StaysOpen_OneOnlyWatchedGoesIdle()
    {
        var idle = new IdleSessions(_time, _options);
        Assert.True(idle.Seen("typing", "u1", "oscar", active: true));
        Assert.True(idle.Seen("watching", "u1", "oscar", active: true));

        for (var minute = 0; minute < 15; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            Assert.True(idle.Seen("typing", "u1", "oscar", active: true));
            if (minute < 9)
            {
                Assert.True(idle.Seen("watching", "u1", "oscar", active: false)); // the circuit or a stream: not use
            }
        }

        var ended = Assert.Single(idle.TakeIdle());
        Assert.Equal(("watching", "u1", "oscar"), (ended.SessionId, ended.UserId, ended.UserName));
        Assert.Empty(idle.TakeIdle()); // taken once
        Assert.True(idle.Seen("typing", "u1", "oscar", active: false));
    }

    [Fact]
    public void PastTheTimeout_TheNextRequestIsRefused_EvenIfItIsUse()
    {
        var idle = new IdleSessions(_time, _options);
        Assert.True(idle.Seen("s", "u1", "oscar", active: false));
        _time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.True(idle.Seen("s", "u1", "oscar", active: false));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(idle.Seen("s", "u1", "oscar", active: true));
        Assert.Single(idle.TakeIdle());
    }

    [Fact]
    public void ZeroTimeout_NeverEndsASession()
    {
        _options.CurrentValue.SessionIdleTimeout = TimeSpan.Zero;
        var idle = new IdleSessions(_time, _options);
        Assert.True(idle.Seen("s", "u1", "oscar", active: true));
        _time.Advance(TimeSpan.FromDays(30));

        Assert.True(idle.Seen("s", "u1", "oscar", active: false));
        Assert.Empty(idle.TakeIdle());
    }

    [Theory]
    [InlineData(3, 1)] // a test-sized timeout: at least every second
    [InlineData(60, 15)]
    [InlineData(3600, 30)] // at most every 30 s
    public void PingInterval_IsAQuarterOfTheTimeout_Within1To30Seconds(int timeoutSeconds, int pingSeconds)
    {
        _options.CurrentValue.SessionIdleTimeout = TimeSpan.FromSeconds(timeoutSeconds);
        Assert.Equal(TimeSpan.FromSeconds(pingSeconds), new IdleSessions(_time, _options).PingInterval);
    }

    [Fact]
    public void Default_IsAnHour_AndTheValidatorRefusesNegativeOrAboveAWeek()
    {
        Assert.Equal(TimeSpan.FromMinutes(60), new SecurityOptions().SessionIdleTimeout);
        var validator = new SecurityOptionsValidator();
        foreach (var (value, ok) in new[] { (TimeSpan.Zero, true), (TimeSpan.FromDays(7), true), (TimeSpan.FromSeconds(-1), false), (TimeSpan.FromDays(8), false) })
        {
            var options = new SecurityOptions { SessionIdleTimeout = value };
            var result = validator.Validate(null, options);
            Assert.Equal(ok, result.Succeeded);
            if (!ok)
            {
                Assert.Contains(result.Failures!, f => f.Contains("SessionIdleTimeout", StringComparison.Ordinal));
            }
        }
    }

    private sealed class Monitor(TimeSpan timeout) : IOptionsMonitor<SecurityOptions>
    {
        public SecurityOptions CurrentValue { get; } = new() { SessionIdleTimeout = timeout };

        public SecurityOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<SecurityOptions, string?> listener) => null;
    }
}
