using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace KvmPortal.Redfish;

/// <summary>Redfish sessions (X-Auth-Token) in memory; they end on DELETE, after <see cref="IdleTimeout"/> without use, or at restart.</summary>
public sealed class RedfishSessionStore(TimeProvider time)
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);

    private readonly ConcurrentDictionary<string, RedfishSession> _byToken = new(StringComparer.Ordinal);

    public RedfishSession Create(string userId, string userName, string? clientAddress)
    {
        var session = new RedfishSession(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            userId,
            userName,
            clientAddress,
            time.GetUtcNow());
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

        var now = time.GetUtcNow();
        if (now - session.LastUsed > IdleTimeout)
        {
            _byToken.TryRemove(token, out _);
            return null;
        }

        session.LastUsed = now;
        return session;
    }

    public IReadOnlyList<RedfishSession> List(string? userId = null)
    {
        var now = time.GetUtcNow();
        return [.. _byToken.Values.Where(s => (userId is null || s.UserId == userId) && now - s.LastUsed <= IdleTimeout).OrderBy(s => s.Created)];
    }

    public RedfishSession? Get(string id) => _byToken.Values.FirstOrDefault(s => s.Id == id);

    public bool Remove(string id)
    {
        var session = Get(id);
        return session is not null && _byToken.TryRemove(session.Token, out _);
    }
}
