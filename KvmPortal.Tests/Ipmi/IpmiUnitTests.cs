using System.Net;
using KvmPortal.Audit;
using KvmPortal.Ipmi;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KvmPortal.Tests.Ipmi;

/// <summary>The IPMI server's parts that need no client: options, the strict schema, the sequence window, timeouts, lockout, framing.</summary>
public sealed class IpmiUnitTests
{
    [Fact]
    public void Options_DefaultOff_On623_AndBadValuesAreRefused()
    {
        var defaults = new IpmiOptions();
        Assert.False(defaults.Enabled);
        Assert.Equal(623, defaults.Port);
        var validator = new IpmiOptionsValidator();
        Assert.True(validator.Validate(null, defaults).Succeeded);
        var bad = validator.Validate(null, new IpmiOptions { Port = 70000, BindAddress = "kvm.local", MaxSessions = 0, SessionTimeout = TimeSpan.Zero });
        Assert.True(bad.Failed);
        Assert.Contains("KvmPortal:Ipmi:Port", bad.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("KvmPortal:Ipmi:BindAddress", bad.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("KvmPortal:Ipmi:MaxSessions", bad.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("KvmPortal:Ipmi:SessionTimeout", bad.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void MisspeltIpmiKey_StopsTheStart_WithASuggestion()
    {
        using var app = new KvmAppFactory().With("KvmPortal:Ipmi:Prot", "623");
        var message = app.StartFailure().ToString();
        Assert.Contains("did you mean 'KvmPortal:Ipmi:Port'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidIpmiPort_StopsTheStart()
    {
        using var app = new KvmAppFactory().With("KvmPortal:Ipmi:Port", "-1");
        Assert.Contains("KvmPortal:Ipmi:Port", app.StartFailure().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SequenceWindow_AcceptsEachNumberOnce_WithinThirtyTwoBelowTheHighest()
    {
        var session = new IpmiSession(1, 2, new IPEndPoint(IPAddress.Loopback, 1), CipherSuite.Suite3, DateTimeOffset.UnixEpoch);
        Assert.False(session.AcceptSequence(0));
        Assert.True(session.AcceptSequence(5));
        Assert.False(session.AcceptSequence(5)); // replay
        Assert.True(session.AcceptSequence(3)); // late, inside the window
        Assert.False(session.AcceptSequence(3));
        Assert.True(session.AcceptSequence(37));
        Assert.False(session.AcceptSequence(4)); // 33 below the highest
        Assert.True(session.AcceptSequence(6));
        Assert.False(session.AcceptSequence(37 + 33)); // too far ahead
        Assert.True(session.AcceptSequence(37 + 32));
        Assert.False(session.AcceptSequence(37)); // seen before the jump, still inside the window
    }

    [Fact]
    public void Sweep_EndsIdleSessions_AndReportsSetupsAbandonedAfterRakp2()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var audit = new ListAudit();
        var metrics = new IpmiMetrics();
        var options = Options.Create(new IpmiOptions { SessionTimeout = TimeSpan.FromSeconds(60) });
        var table = new IpmiSessionTable(options, time, audit, metrics, NullLogger<IpmiSessionTable>.Instance);
        var remote = new IPEndPoint(IPAddress.Loopback, 623);
        var active = table.Create(1, remote, CipherSuite.Suite17)!;
        active.UserName = "otto";
        table.Activated(active);
        var half = table.Create(2, remote, CipherSuite.Suite3)!;
        half.State = IpmiSessionState.Rakp2Sent;
        table.Create(3, remote, CipherSuite.Suite3);

        time.Advance(TimeSpan.FromSeconds(11));
        var abandoned = table.Sweep();
        Assert.Same(half, Assert.Single(abandoned));
        Assert.Same(active, Assert.Single(table.Snapshot()));

        time.Advance(TimeSpan.FromSeconds(50));
        Assert.Empty(table.Sweep());
        Assert.Empty(table.Snapshot());
        Assert.Contains(audit.Rows, r => r.Action == IpmiAuditActions.SessionClosed && r.Details == "timeout" && r.User == "otto");
        Assert.Equal(0, metrics.ActiveSessions);
    }

    [Fact]
    public void Lockout_AfterTheConfiguredFailures_PerUserAndAddress_ThenExpires()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var lockout = new IpmiLockout(Options.Create(new IpmiOptions { LockoutAttempts = 3, LockoutDuration = TimeSpan.FromMinutes(5) }), time);
        var here = IPAddress.Parse("192.0.2.1");
        var there = IPAddress.Parse("192.0.2.2");
        Assert.False(lockout.Fail("otto", here));
        Assert.False(lockout.Fail("OTTO", here));
        Assert.True(lockout.Fail("otto", here));
        Assert.True(lockout.IsLockedOut("otto", here));
        Assert.False(lockout.IsLockedOut("otto", there));
        Assert.False(lockout.IsLockedOut("vera", here));
        time.Advance(TimeSpan.FromMinutes(6));
        Assert.False(lockout.IsLockedOut("otto", here));
    }

    [Fact]
    public void Framing_RoundTrips_AndRejectsTamperedPackets()
    {
        var suite = CipherSuite.Suite17;
        var k1 = new byte[32];
        var aes = new byte[16];
        Random.Shared.NextBytes(k1);
        Random.Shared.NextBytes(aes);
        byte[] message = [0x81, 0x1C, 0x63, 0x20, 0x04, 0x01, 0x00, 0x41, 0x00, 0x40, 0x5F];
        var packet = RmcpCodec.BuildV2(IpmiCodes.PayloadIpmi, 0x11223344, 7, message, suite, k1, aes);
        var header = RmcpCodec.ParseV2(packet)!.Value;
        Assert.True(header.Authenticated && header.Encrypted);
        Assert.Equal(0x11223344u, header.SessionId);
        Assert.True(RmcpCodec.VerifyTrailer(packet, header, suite, k1));
        Assert.Equal(message, IpmiCrypto.Decrypt(aes, packet.AsSpan(header.PayloadOffset, header.PayloadLength)));

        for (var i = 4; i < packet.Length; i++)
        {
            var copy = (byte[])packet.Clone();
            copy[i] ^= 0x20;
            var parsed = RmcpCodec.ParseV2(copy);
            Assert.False(parsed is { } h && RmcpCodec.VerifyTrailer(copy, h, suite, k1), $"a flip at byte {i} went unnoticed");
        }

        for (var length = 0; length < packet.Length; length++)
        {
            var cut = packet[..length];
            var parsed = RmcpCodec.ParseV2(cut);
            Assert.False(parsed is { } h && RmcpCodec.VerifyTrailer(cut, h, suite, k1), $"a packet cut to {length} bytes passed");
        }
    }

    private sealed class ListAudit : IAuditLog
    {
        public List<(string Action, string? User, string? Details)> Rows { get; } = [];

        public void Write(string action, string? user, string? clientAddress, string? target = null, AuditOutcome outcome = AuditOutcome.Success, string? details = null) =>
            Rows.Add((action, user, details));

        public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
