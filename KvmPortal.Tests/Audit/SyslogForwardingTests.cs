using KvmPortal.Audit;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Audit;

/// <summary>Audit rows reach a real rsyslog (Debian's) over UDP and TCP, parsed by it as RFC 5424 (MSGID and structured data).</summary>
[Trait("Category", "Syslog")]
public sealed class SyslogForwardingTests
{
    [Theory]
    [InlineData(SyslogProtocol.Udp)]
    [InlineData(SyslogProtocol.Tcp)]
    public async Task AuditRows_AreForwarded_AndParsedByRsyslog(SyslogProtocol protocol)
    {
        using var rsyslog = new RsyslogServer();
        using var app = new KvmAppFactory()
            .With("KvmPortal:Audit:Syslog:Host", "127.0.0.1")
            .With("KvmPortal:Audit:Syslog:Port", (protocol == SyslogProtocol.Udp ? rsyslog.UdpPort : rsyslog.TcpPort).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("KvmPortal:Audit:Syslog:Protocol", protocol.ToString())
            .Start();
        var log = app.Services.GetRequiredService<IAuditLog>();
        var target = $"target-{protocol}-\"quoted\"";

        log.Write(AuditActions.Power, "oscar", "192.0.2.9", target, AuditOutcome.Success, "on");
        log.Write(AuditActions.LoginFailed, "mallory", "198.51.100.1", null, AuditOutcome.Failure, "password: invalid credentials");
        await log.FlushAsync(CancellationToken.None);

        var power = await rsyslog.WaitForLineAsync("oscar");
        Assert.StartsWith("power [kvmportal@32473 user=\"oscar\" client=\"192.0.2.9\" target=\"target-" + protocol + "-\\\"quoted\\\"\" outcome=\"Success\"]", power, StringComparison.Ordinal);
        Assert.EndsWith("power success: on", power, StringComparison.Ordinal);
        var failed = await rsyslog.WaitForLineAsync("mallory");
        Assert.StartsWith("login.failed [kvmportal@32473 user=\"mallory\" client=\"198.51.100.1\" outcome=\"Failure\"]", failed, StringComparison.Ordinal);
    }
}
