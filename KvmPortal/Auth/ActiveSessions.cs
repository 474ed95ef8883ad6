using System.Collections.Concurrent;

namespace KvmPortal.Auth;

/// <summary>
/// Signed-in clients seen in the last <see cref="Window"/> (one entry per user, client address and browser), for the admin page's
/// session list. Forgotten at once when the user is revoked.
/// </summary>
public sealed class ActiveSessions
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(30);

    private readonly ConcurrentDictionary<(string User, string Address, string Agent), ActiveSession> _sessions = new();
    private readonly TimeProvider _time;

    public ActiveSessions(TimeProvider time, SessionRevocation revocation)
    {
        ArgumentNullException.ThrowIfNull(revocation);
        _time = time;
        revocation.Revoked += (_, user) =>
        {
            foreach (var key in _sessions.Keys.Where(k => string.Equals(k.User, user, StringComparison.OrdinalIgnoreCase)))
            {
                _sessions.TryRemove(key, out ActiveSession? _);
            }
        };
    }

    public void Seen(string userName, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = _time.GetUtcNow();
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "?";
        var agent = context.Request.Headers.UserAgent.ToString();
        agent = agent.Length > 120 ? agent[..120] : agent;
        _sessions.AddOrUpdate((userName, address, agent), k => new ActiveSession(userName, address, agent, now, now), (_, s) => s with { LastSeen = now });
    }

    public IReadOnlyList<ActiveSession> List()
    {
        var cutoff = _time.GetUtcNow() - Window;
        foreach (var (key, value) in _sessions.Where(p => p.Value.LastSeen < cutoff))
        {
            _sessions.TryRemove(key, out ActiveSession? _);
        }

        return [.. _sessions.Values.OrderBy(s => s.UserName, StringComparer.Ordinal).ThenByDescending(s => s.LastSeen)];
    }
}
