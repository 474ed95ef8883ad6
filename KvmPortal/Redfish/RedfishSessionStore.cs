using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace KvmPortal.Redfish;

/// <summary>
/// Redfish sessions (X-Auth-Token) in memory; they end on DELETE, after <see cref="IdleTimeout"/> without use, or at restart. The API
/// authentication handler and logout reach them as <see cref="Auth.ITokenSessions"/>.
/// </summary>
public sealed class RedfishSessionStore : Auth.ITokenSessions
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);

    private readonly ConcurrentDictionary<string, RedfishSession> _byToken = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly Auth.SessionRevocation _revocation;

    /// <summary>Sessions end with their user's revocation (disable, delete, role or password change, forced logout, any stamp change).</summary>
    public RedfishSessionStore(TimeProvider time, Auth.SessionRevocation revocation)
    {
        ArgumentNullException.ThrowIfNull(revocation);
        _time = time;
        _revocation = revocation;
        revocation.Revoked += (_, user) =>
        {
            foreach (var session in _byToken.Values.Where(s => string.Equals(s.UserName, user, StringComparison.OrdinalIgnoreCase)))
            {
                _byToken.TryRemove(session.Token, out RedfishSession? _);
            }
        };
    }

    public RedfishSession Create(string userId, string userName, string? clientAddress)
    {
        var session = new RedfishSession(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            userId,
            userName,
            clientAddress,
            _time.GetUtcNow());
        session.LastUsed = session.Created;
        _byToken[session.Token] = session;
        return session;
    }

    /// <summary>Finds a live session by token and marks it used.</summary>
    public RedfishSession? Find(string token)
    {
        if (!_byToken.TryGetValue(token, out var session))
        {
            return null;
        }

        var now = _time.GetUtcNow();
        if (now - session.LastUsed > IdleTimeout)
        {
            _byToken.TryRemove(token, out _);
            return null;
        }

        session.LastUsed = now;
        return session;
    }

    Auth.TokenSession? Auth.ITokenSessions.FindByToken(string token) => Find(token) is { } session ? new(session.Id, session.UserId) : null;

    public IReadOnlyList<RedfishSession> List(string? userId = null)
    {
        var now = _time.GetUtcNow();
        return [.. _byToken.Values.Where(s => (userId is null || s.UserId == userId) && now - s.LastUsed <= IdleTimeout).OrderBy(s => s.Created)];
    }

    public RedfishSession? Get(string id) => _byToken.Values.FirstOrDefault(s => s.Id == id);

    public bool Remove(string id, HttpContext? caller = null)
    {
        var session = Get(id);
        if (session is null || !_byToken.TryRemove(session.Token, out _))
        {
            return false;
        }

        _revocation.RevokeCredential(Auth.CredentialKeys.Redfish(session.Id), except: caller);
        return true;
    }
}
