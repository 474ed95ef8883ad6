using System.Globalization;
using System.Text;

namespace KvmPortal.Audit;

/// <summary>
/// RFC 5424 formatting: <c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [kvmportal@32473 ...] MSG</c>, facility authpriv (10),
/// severity notice for success and warning otherwise.
/// </summary>
public static class SyslogFormatter
{
    public const int FacilityAuthPriv = 10;
    public const string StructuredDataId = "kvmportal@32473";

    public static string Format(AuditEntry entry, string hostName, string appName)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var severity = entry.Outcome == AuditOutcome.Success ? 5 : 4;
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"<{(FacilityAuthPriv * 8) + severity}>1 ");
        builder.Append(entry.Time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)).Append(' ');
        builder.Append(Token(hostName, 255)).Append(' ').Append(Token(appName, 48)).Append(' ');
        builder.Append(Environment.ProcessId.ToString(CultureInfo.InvariantCulture)).Append(' ');
        builder.Append(Token(entry.Action, 32)).Append(" [").Append(StructuredDataId);
        Param(builder, "user", entry.User);
        Param(builder, "client", entry.ClientAddress);
        Param(builder, "target", entry.Target);
        Param(builder, "outcome", entry.Outcome.ToString());
        builder.Append("] ");
        builder.Append(CultureInfo.InvariantCulture, $"{entry.Action} {entry.Outcome.ToString().ToLowerInvariant()}");
        if (!string.IsNullOrEmpty(entry.Details))
        {
            builder.Append(": ").Append(entry.Details.ReplaceLineEndings(" "));
        }

        return builder.ToString();
    }

    public static string HostName()
    {
        var name = System.Net.Dns.GetHostName();
        return string.IsNullOrEmpty(name) ? "-" : name;
    }

    /// <summary>A header field: printable US-ASCII without spaces, at most <paramref name="max"/> characters, "-" when empty.</summary>
    private static string Token(string? value, int max)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "-";
        }

        var chars = value.Where(c => c is > ' ' and < (char)127).Take(max).ToArray();
        return chars.Length == 0 ? "-" : new string(chars);
    }

    private static void Param(StringBuilder builder, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        builder.Append(' ').Append(name).Append("=\"");
        foreach (var c in value)
        {
            if (c is '"' or '\\' or ']')
            {
                builder.Append('\\');
            }

            builder.Append(c is '\r' or '\n' ? ' ' : c);
        }

        builder.Append('"');
    }
}
