using KvmPortal.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Audit;

/// <summary>Reads the audit trail of a test app after flushing the queued writer.</summary>
internal static class AuditRows
{
    public static async Task<IReadOnlyList<AuditEntry>> OfAsync(IServiceProvider services, string action)
    {
        await services.GetRequiredService<IAuditLog>().FlushAsync(CancellationToken.None);
        return await services.GetRequiredService<AuditQuery>().FindAsync(new AuditFilter(Action: action), CancellationToken.None);
    }

    public static async Task<AuditEntry> SingleAsync(IServiceProvider services, string action)
    {
        var rows = await OfAsync(services, action);
        return Assert.Single(rows);
    }
}
