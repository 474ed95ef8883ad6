using System.Net;
using System.Security.Cryptography;
using KvmPortal.Audit;
using Microsoft.Extensions.Options;

namespace KvmPortal.Ipmi;

/// <summary>
/// The sessions, set-up and active, keyed by the BMC session ID (random, never 0). Bounded by <see cref="IpmiOptions.MaxSessions"/>:
/// when full, the oldest unfinished set-up makes room, an active session never does. Every active session's end is audited and counted.
/// </summary>
public sealed class IpmiSessionTable(IOptions<IpmiOptions> options, TimeProvider time, IAuditLog audit, IpmiMetrics metrics, ILogger<IpmiSessionTable> logger)
{
    /// <summary>How long a session may stay between Open Session and RAKP 3.</summary>
    public static readonly TimeSpan SetupTimeout = TimeSpan.FromSeconds(10);

    private readonly Dictionary<uint, IpmiSession> _sessions = [];
    private readonly Lock _lock = new();

    /// <summary>Raised (synchronously) when a session is removed, before its keys are wiped: Serial-over-LAN says goodbye and stops.</summary>
    public event EventHandler<IpmiSessionEnd>? Ending;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _sessions.Count;
            }
        }
    }

    public IReadOnlyList<IpmiSession> Snapshot()
    {
        lock (_lock)
        {
            return [.. _sessions.Values];
        }
    }

    /// <summary>Starts a session set-up; null when the table is full of active sessions.</summary>
    public IpmiSession? Create(uint consoleId, IPEndPoint remote, CipherSuite suite)
    {
        lock (_lock)
        {
            if (_sessions.Count >= options.Value.MaxSessions)
            {
                var oldest = _sessions.Values.Where(s => s.State != IpmiSessionState.Active).MinBy(s => s.CreatedAt);
                if (oldest is null)
                {
                    return null;
                }

                _sessions.Remove(oldest.BmcId);
                oldest.Wipe();
            }

            uint id;
            do
            {
                id = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));
            }
            while (id == 0 || _sessions.ContainsKey(id));

            var session = new IpmiSession(id, consoleId, remote, suite, time.GetUtcNow());
            _sessions[id] = session;
            return session;
        }
    }

    public IpmiSession? Get(uint bmcId)
    {
        lock (_lock)
        {
            return _sessions.GetValueOrDefault(bmcId);
        }
    }

    public void Activated(IpmiSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.State = IpmiSessionState.Active;
        metrics.SessionOpened();
        IpmiLog.SessionOpened(logger, session.BmcId, session.UserName, session.Remote, session.Suite.Id);
        audit.Write(IpmiAuditActions.SessionOpened, session.UserName, session.Remote.Address.ToString(), $"session {session.BmcId:X8}",
            AuditOutcome.Success, $"cipher suite {session.Suite.Id}, privilege limit {session.MaxPrivilege}");
    }

    /// <summary>Removes a session; an active one is audited with <paramref name="reason"/> (closed, timeout, revoked).</summary>
    public void End(IpmiSession session, string reason)
    {
        ArgumentNullException.ThrowIfNull(session);
        bool removed;
        lock (_lock)
        {
            removed = _sessions.Remove(session.BmcId);
        }

        var wasActive = session.State == IpmiSessionState.Active;
        if (removed && wasActive)
        {
            Ending?.Invoke(this, new IpmiSessionEnd(session, reason));
        }

        session.Wipe();
        if (removed && wasActive)
        {
            metrics.SessionEnded(reason);
            IpmiLog.SessionEnded(logger, session.BmcId, session.UserName, reason);
            audit.Write(IpmiAuditActions.SessionClosed, session.UserName, session.Remote.Address.ToString(), $"session {session.BmcId:X8}",
                reason == "closed" ? AuditOutcome.Success : AuditOutcome.Denied, reason);
        }
    }

    /// <summary>Ends every session of a user (revocation: disabled, deleted, role or password changed, forced logout).</summary>
    public int EndUser(string userName, string reason)
    {
        var mine = Snapshot().Where(s => string.Equals(s.UserName, userName, StringComparison.OrdinalIgnoreCase)).ToList();
        mine.ForEach(s => End(s, reason));
        return mine.Count;
    }

    /// <summary>Ends idle sessions and abandoned set-ups; returns the set-ups abandoned after RAKP 2 (a failed or harvesting login).</summary>
    public IReadOnlyList<IpmiSession> Sweep()
    {
        var now = time.GetUtcNow();
        var abandoned = new List<IpmiSession>();
        foreach (var s in Snapshot())
        {
            if (s.State == IpmiSessionState.Active && now - s.LastActivity > options.Value.SessionTimeout)
            {
                End(s, "timeout");
            }
            else if (s.State != IpmiSessionState.Active && now - s.CreatedAt > SetupTimeout)
            {
                if (s.State == IpmiSessionState.Rakp2Sent)
                {
                    abandoned.Add(s);
                }

                End(s, "setup abandoned");
            }
        }

        return abandoned;
    }
}
