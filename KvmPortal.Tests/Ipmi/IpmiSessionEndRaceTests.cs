using System.Net;
using KvmPortal.Ipmi;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KvmPortal.Tests.Ipmi;

/// <summary>
/// Ending one session from several threads at once, as the server does: the sweep loop (idle timeout), the receive path (a revoked
/// user's next datagram, Close Session) and a revocation on a web request's thread. The session must end exactly once: one Ending
/// event (Serial-over-LAN says goodbye with the keys still there), one audit row, one metrics decrement, and nothing left in the table.
/// </summary>
public sealed class IpmiSessionEndRaceTests
{
    /// <summary>Before the fix the first test failed once in a few thousand rounds on 2 busy cores; a round takes well under a millisecond.</summary>
    private const int Rounds = 10000;
    private static readonly IPEndPoint Remote = new(IPAddress.Loopback, 623);

    /// <summary>A fresh table on a standing clock with one session of otto's in it (not yet activated).</summary>
    private static (ManualTimeProvider Time, RecordingAuditLog Audit, IpmiMetrics Metrics, IpmiSessionTable Table, IpmiSession Session) NewSession()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var audit = new RecordingAuditLog();
        var metrics = new IpmiMetrics();
        var table = new IpmiSessionTable(Options.Create(new IpmiOptions { SessionTimeout = TimeSpan.FromSeconds(60) }), time, audit, metrics,
            NullLogger<IpmiSessionTable>.Instance);
        var session = table.Create(1, Remote, CipherSuite.Suite17)!;
        session.UserName = "otto";
        return (time, audit, metrics, table, session);
    }

    [Fact]
    public async Task SweepReceivePathAndRevocation_EndingTheSameSessionAtOnce_EndItExactlyOnce()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var (time, audit, metrics, table, session) = NewSession();
            session.K1 = Enumerable.Repeat((byte)0x5A, 32).ToArray();
            session.AesKey = Enumerable.Repeat((byte)0xA5, 16).ToArray();
            table.Activated(session);
            var endings = 0;
            var keysWiped = 0;
            table.Ending += (_, end) =>
            {
                Interlocked.Increment(ref endings);
                if (end.Session.K1.All(b => b == 0) || end.Session.AesKey.All(b => b == 0))
                {
                    Interlocked.Increment(ref keysWiped);
                }
            };
            time.Advance(TimeSpan.FromSeconds(61)); // idle: the sweep ends it too

            using var start = new Barrier(3);
            await Task.WhenAll(
                Task.Run(() => { start.SignalAndWait(); table.Sweep(); }),
                Task.Run(() => { start.SignalAndWait(); table.End(session, "revoked"); }),
                Task.Run(() => { start.SignalAndWait(); table.EndUser("otto", "revoked"); }));

            Assert.True(endings == 1, $"round {round}: {endings} Ending events");
            Assert.True(keysWiped == 0, $"round {round}: the keys were wiped before Serial-over-LAN could say goodbye");
            Assert.True(audit.Rows.Count(r => r.Action == IpmiAuditActions.SessionClosed) == 1,
                $"round {round}: {audit.Rows.Count(r => r.Action == IpmiAuditActions.SessionClosed)} session-closed rows");
            Assert.Equal(0, metrics.ActiveSessions);
            Assert.Empty(table.Snapshot());
            Assert.Equal(IpmiSessionState.Closed, session.State);
            Assert.All(session.K1, b => Assert.Equal(0, b));
        }
    }

    [Fact]
    public async Task SweepAbandoningASetup_WhileRakp3ActivatesIt_EitherKeepsItOpen_OrEndsItAndActivationIsRefused()
    {
        var (kept, ended) = (0, 0);
        for (var round = 0; round < Rounds; round++)
        {
            var (time, audit, metrics, table, session) = NewSession();
            session.State = IpmiSessionState.Rakp2Sent;
            time.Advance(IpmiSessionTable.SetupTimeout + TimeSpan.FromSeconds(1));

            using var start = new Barrier(2);
            IReadOnlyList<IpmiSession> abandoned = [];
            var activated = false;
            await Task.WhenAll(
                Task.Run(() => { start.SignalAndWait(); abandoned = table.Sweep(); }),
                Task.Run(() => { start.SignalAndWait(); activated = table.Activated(session); }));

            if (activated)
            {
                kept++;
                Assert.Same(session, Assert.Single(table.Snapshot()));
                Assert.Equal(IpmiSessionState.Active, session.State);
                Assert.Empty(abandoned); // a login that succeeded is not counted towards the lockout
                Assert.Equal(1, metrics.ActiveSessions);
                Assert.DoesNotContain(audit.Rows, r => r.Action == IpmiAuditActions.SessionClosed);
            }
            else
            {
                ended++;
                Assert.Empty(table.Snapshot());
                Assert.Equal(IpmiSessionState.Closed, session.State);
                Assert.Same(session, Assert.Single(abandoned));
                Assert.Equal(0, metrics.ActiveSessions);
                Assert.DoesNotContain(audit.Rows, r => r.Action == IpmiAuditActions.SessionOpened);
            }
        }

        Assert.Equal(Rounds, kept + ended);
    }
}
