using KvmPortal.Audit;

namespace KvmPortal.Tests.Audit;

public sealed class SyslogFormatterTests
{
    [Fact]
    public void Format_IsRfc5424_WithAuthprivFacility_AndEscapedStructuredData()
    {
        var entry = new AuditEntry
        {
            TimeTicks = new DateTimeOffset(2026, 11, 21, 9, 30, 1, 250, TimeSpan.Zero).UtcTicks,
            User = "a]b\"c\\",
            ClientAddress = "2001:db8::1",
            Action = AuditActions.UserDisabled,
            Target = "olga",
            Outcome = AuditOutcome.Failure,
            Details = "line1\nline2",
        };

        var text = SyslogFormatter.Format(entry, "pi kvm", "kvmportal");

        var pid = Environment.ProcessId;
        Assert.Equal(
            $"<84>1 2026-11-21T09:30:01.250000Z pikvm kvmportal {pid} user.disabled [kvmportal@32473 user=\"a\\]b\\\"c\\\\\" client=\"2001:db8::1\" target=\"olga\" outcome=\"Failure\"] user.disabled failure: line1 line2",
            text);
    }

    [Fact]
    public void Success_IsSeverityNotice()
    {
        var text = SyslogFormatter.Format(new AuditEntry { Action = AuditActions.Logout, Outcome = AuditOutcome.Success }, "h", "kvmportal");
        Assert.StartsWith("<85>1 0001-01-01T00:00:00.000000Z h kvmportal ", text, StringComparison.Ordinal);
        Assert.Contains(" logout [kvmportal@32473 outcome=\"Success\"] logout success", text, StringComparison.Ordinal);
    }
}
