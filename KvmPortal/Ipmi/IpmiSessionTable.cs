using System.Net;
using System.Security.Cryptography;
using KvmPortal.Audit;
using Microsoft.Extensions.Options;

namespace KvmPortal.Ipmi;

/// <summary>
/// The sessions, set-up and active, keyed by the BMC session ID (random, never 0). Bounded by <see cref="IpmiOptions.MaxSessions"/>:
/// when full, the oldest unfinished set-up makes room, an active session never does. Every active session's end is audited and counted.
/// Ending is idempotent and thread-safe: the sweep loop, the receive path and a revocation (on a web request's thread) may end the same
/// session at once; the one that takes it out of the table ends it (Ending event with the keys intact, wipe, count, audit), the others do nothing.
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

    /// <summary>Marks a set-up as active; false when it was ended meanwhile (swept as abandoned, evicted): it must not be answered as open.</summary>
    public bool Activated(IpmiSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_lock)
        {
            if (!IsListed(session) || session.State == IpmiSessionState.Closed)
            {
                return false;
            }

            session.State = IpmiSessionState.Active;
        }

        metrics.SessionOpened();
        IpmiLog.SessionOpened(logger, session.BmcId, session.UserName, session.Remote, session.Suite.Id);
        audit.Write(IpmiAuditActions.SessionOpened, session.UserName, session.Remote.Address.ToString(), $"session {session.BmcId:X8}",
            AuditOutcome.Success, $"cipher suite {session.Suite.Id}, privilege limit {session.MaxPrivilege}");
        return true;
    }

    /// <summary>
    /// Removes a session; an active one is audited with <paramref name="reason"/> (closed, timeout, revoked). Only the first call for a
    /// session does anything (see the class summary); the keys are wiped after the <see cref="Ending"/> handlers ran.
    /// </summary>
    public void End(IpmiSession session, string reason)
    {
        ArgumentNullException.ThrowIfNull(session);
        EndIf(session, reason, static _ => true);
    }

    /// <summary>Ends every session of a user (revocation: disabled, deleted, role or password changed, forced logout).</summary>
    public int EndUser(string userName, string reason)
    {
        var mine = Snapshot().Where(s => string.Equals(s.UserName, userName, StringComparison.OrdinalIgnoreCase)).ToList();
        mine.ForEach(s => End(s, reason));
        return mine.Count;
    }

    /// <summary>
    /// Ends idle sessions and abandoned set-ups; returns the set-ups abandoned after RAKP 2 (a failed or harvesting login). Each one is
    /// checked again under the lock as it is ended, so a set-up that became active meanwhile (RAKP 3 on the receive path) stays open.
    /// </summary>
    public IReadOnlyList<IpmiSession> Sweep()
    {
        var now = time.GetUtcNow();
        var timeout = options.Value.SessionTimeout;
        var abandoned = new List<IpmiSession>();
        foreach (var s in Snapshot())
        {
            if (EndIf(s, "timeout", x => x.State == IpmiSessionState.Active && now - x.LastActivity > timeout))
            {
                continue;
            }

            var afterRakp2 = false;
            if (EndIf(s, "setup abandoned", x =>
                {
                    afterRakp2 = x.State == IpmiSessionState.Rakp2Sent;
                    return x.State != IpmiSessionState.Active && now - x.CreatedAt > SetupTimeout;
                }) && afterRakp2)
            {
                abandoned.Add(s);
            }
        }

        return abandoned;
    }

    /// <summary>Ends the session if it is still listed and <paramref name="due"/> holds (both decided under the lock); true when this call ended it.</summary>
    private bool EndIf(IpmiSession session, string reason, Func<IpmiSession, bool> due)
    {
        bool wasActive;
        lock (_lock)
        {
            if (!IsListed(session) || !due(session))
            {
                return false; // already ended by another path, or no longer due
            }

            _sessions.Remove(session.BmcId);
            wasActive = session.State == IpmiSessionState.Active;
            session.State = IpmiSessionState.Closed; // the receive path drops its datagrams from now on
        }

        if (wasActive)
        {
            Ending?.Invoke(this, new IpmiSessionEnd(session, reason));
        }

        session.Wipe();
        if (wasActive)
        {
            metrics.SessionEnded(reason);
            IpmiLog.SessionEnded(logger, session.BmcId, session.UserName, reason);
            audit.Write(IpmiAuditActions.SessionClosed, session.UserName, session.Remote.Address.ToString(), $"session {session.BmcId:X8}",
                reason == "closed" ? AuditOutcome.Success : AuditOutcome.Denied, reason);
        }

        return true;
    }

    /// <summary>Whether this very session is in the table (an ID is never reused while listed). Call under the lock.</summary>
    private bool IsListed(IpmiSession session) => _sessions.TryGetValue(session.BmcId, out var listed) && ReferenceEquals(listed, session);
}
