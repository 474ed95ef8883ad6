using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using KvmPortal.Prometheus;

namespace KvmPortal.Ipmi;

/// <summary>Prometheus counters of the IPMI server: sessions opened and ended (by reason), commands (by name and outcome), failed logins, dropped datagrams.</summary>
public sealed class IpmiMetrics : IPrometheusSource
{
    private readonly ConcurrentDictionary<string, long> _sessionsEnded = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Command, string Outcome), long> _commands = new();
    private long _sessionsOpened;
    private long _authFailures;
    private long _dropped;
    private int _active;

    public long SessionsOpened => Interlocked.Read(ref _sessionsOpened);

    public long AuthFailures => Interlocked.Read(ref _authFailures);

    public long Dropped => Interlocked.Read(ref _dropped);

    public int ActiveSessions => Volatile.Read(ref _active);

    public void SessionOpened()
    {
        Interlocked.Increment(ref _sessionsOpened);
        Interlocked.Increment(ref _active);
    }

    public void SessionEnded(string reason)
    {
        _sessionsEnded.AddOrUpdate(reason, 1, (_, n) => n + 1);
        Interlocked.Decrement(ref _active);
    }

    public void Command(string name, byte completionCode) =>
        _commands.AddOrUpdate((name, completionCode == IpmiCodes.Ok ? "ok" : completionCode == IpmiCodes.InsufficientPrivilege ? "denied" : "error"), 1, (_, n) => n + 1);

    public void AuthFailure() => Interlocked.Increment(ref _authFailures);

    public void Drop() => Interlocked.Increment(ref _dropped);

    public long CommandCount(string name, string outcome) => _commands.TryGetValue((name, outcome), out var n) ? n : 0;

    public void Render(StringBuilder text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Counter(text, "kvmportal_ipmi_sessions_opened_total", "IPMI sessions that completed RAKP.", [("", SessionsOpened)]);
        Counter(text, "kvmportal_ipmi_sessions_ended_total", "IPMI sessions ended, by reason.",
            [.. _sessionsEnded.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => ($"reason=\"{p.Key}\"", p.Value))]);
        text.Append("# HELP kvmportal_ipmi_sessions_active Open IPMI sessions.\n# TYPE kvmportal_ipmi_sessions_active gauge\n")
            .Append("kvmportal_ipmi_sessions_active ").Append(ActiveSessions.ToString(CultureInfo.InvariantCulture)).Append('\n');
        Counter(text, "kvmportal_ipmi_commands_total", "IPMI commands answered, by command and outcome.",
            [.. _commands.OrderBy(p => p.Key.Command, StringComparer.Ordinal).ThenBy(p => p.Key.Outcome, StringComparer.Ordinal)
                .Select(p => ($"command=\"{p.Key.Command}\",outcome=\"{p.Key.Outcome}\"", p.Value))]);
        Counter(text, "kvmportal_ipmi_auth_failures_total", "Refused IPMI logins (unknown user, wrong password, locked out).", [("", AuthFailures)]);
        Counter(text, "kvmportal_ipmi_datagrams_dropped_total", "Malformed, unauthenticated or replayed IPMI datagrams dropped.", [("", Dropped)]);
    }

    private static void Counter(StringBuilder text, string name, string help, (string Labels, long Value)[] series)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(" counter\n");
        foreach (var (labels, value) in series)
        {
            text.Append(name);
            if (labels.Length > 0)
            {
                text.Append('{').Append(labels).Append('}');
            }

            text.Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }
}
