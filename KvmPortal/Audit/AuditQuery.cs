using System.Globalization;
using System.Text;
using KvmPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace KvmPortal.Audit;

/// <summary>Reads the audit trail (newest first) and writes it as CSV (RFC 4180, formula-injection safe).</summary>
public sealed class AuditQuery(IServiceScopeFactory scopes)
{
    public async Task<IReadOnlyList<AuditEntry>> FindAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KvmDbContext>();
        var query = db.Set<AuditEntry>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            query = query.Where(e => e.User == filter.User.Trim());
        }

        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            query = query.Where(e => e.Action == filter.Action.Trim());
        }

        if (filter.From is { } from)
        {
            query = query.Where(e => e.TimeTicks >= from.UtcTicks);
        }

        if (filter.To is { } to)
        {
            query = query.Where(e => e.TimeTicks <= to.UtcTicks);
        }

        return await query.OrderByDescending(e => e.TimeTicks).ThenByDescending(e => e.Id)
            .Take(Math.Clamp(filter.Limit, 1, 100_000)).ToListAsync(cancellationToken);
    }

    public static string ToCsv(IEnumerable<AuditEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var builder = new StringBuilder("time,user,client_address,action,target,outcome,details\r\n");
        foreach (var e in entries)
        {
            builder.Append(e.Time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)).Append(',')
                .Append(Field(e.User)).Append(',').Append(Field(e.ClientAddress)).Append(',').Append(Field(e.Action)).Append(',')
                .Append(Field(e.Target)).Append(',').Append(Field(e.Outcome.ToString())).Append(',').Append(Field(e.Details)).Append("\r\n");
        }

        return builder.ToString();
    }

    private static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        // A spreadsheet would run a cell that starts with = + - @ as a formula.
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
