using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace KvmPortal.Auth;

/// <summary>
/// When each signed-in browser session (cookie session id) was last used by a person: a page request, an API call, or the activity
/// ping the pages send on a key press, click or touch (js/activity.js). Streams, the Blazor circuit and other WebSockets are not
/// activity: a console left open and only watched goes idle. <see cref="IdleSessionSweeper"/> ends sessions idle for longer than
/// <see cref="SecurityOptions.SessionIdleTimeout"/> (0 = never).
/// </summary>
public sealed class IdleSessions(TimeProvider time, IOptionsMonitor<SecurityOptions> security)
{
    private readonly ConcurrentDictionary<string, IdleSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>Gets the idle timeout; zero when idle sessions are kept.</summary>
    public TimeSpan Timeout => security.CurrentValue.SessionIdleTimeout;

    /// <summary>Gets how often a page should report activity: a quarter of the timeout, at most every 30 s, at least every second.</summary>
    public TimeSpan PingInterval => Timeout <= TimeSpan.Zero ? TimeSpan.FromSeconds(30)
        : TimeSpan.FromTicks(Math.Clamp(Timeout.Ticks / 4, TimeSpan.TicksPerSecond, 30 * TimeSpan.TicksPerSecond));

    /// <summary>Records a request of the session: <paramref name="active"/> (a person did something) renews it; otherwise it is only
    /// remembered from the first time it is seen. Returns false when the session is already past the timeout (end it).</summary>
    public bool Seen(string sessionId, string userId, string userName, bool active)
    {
        var now = time.GetUtcNow();
        var session = _sessions.GetOrAdd(sessionId, _ => new IdleSession(sessionId, userId, userName, now));
        if (IsIdle(session, now))
        {
            return false;
        }

        if (active)
        {
            _sessions[sessionId] = session with { LastActive = now };
        }

        return true;
    }

    /// <summary>Removes and returns the sessions idle past the timeout (none when the timeout is 0).</summary>
    public IReadOnlyList<IdleSession> TakeIdle()
    {
        var now = time.GetUtcNow();
        var idle = new List<IdleSession>();
        foreach (var session in _sessions.Values.Where(s => IsIdle(s, now)))
        {
            if (_sessions.TryRemove(new KeyValuePair<string, IdleSession>(session.SessionId, session)))
            {
                idle.Add(session);
            }
        }

        return idle;
    }

    /// <summary>Forgets a session that ended otherwise (logout).</summary>
    public void Forget(string sessionId) => _sessions.TryRemove(sessionId, out _);

    private bool IsIdle(IdleSession session, DateTimeOffset now) => Timeout > TimeSpan.Zero && now - session.LastActive >= Timeout;
}
