using KvmPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KvmPortal.Audit;

/// <summary>Deletes audit rows older than <see cref="AuditOptions.RetentionDays"/>, at start and then every <see cref="AuditOptions.CleanupInterval"/>.</summary>
public sealed partial class AuditRetention(IServiceScopeFactory scopes, IOptionsMonitor<AuditOptions> options, TimeProvider time, ILogger<AuditRetention> logger)
    : BackgroundService
{
    /// <summary>Deletes the expired rows now; returns how many.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var days = options.CurrentValue.RetentionDays;
        if (days <= 0)
        {
            return 0;
        }

        var cutoff = (time.GetUtcNow() - TimeSpan.FromDays(days)).UtcTicks;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KvmDbContext>();
        var deleted = await db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM AuditEntries WHERE TimeTicks < {cutoff}", cancellationToken);
        if (deleted > 0)
        {
            LogPurged(logger, deleted, days);
        }

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            do
            {
                try
                {
                    await PurgeAsync(stoppingToken);
                }
                catch (Microsoft.Data.Sqlite.SqliteException ex)
                {
                    LogFailed(logger, ex);
                }

                await Task.Delay(options.CurrentValue.CleanupInterval, time, stoppingToken);
            }
            while (!stoppingToken.IsCancellationRequested);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} audit rows older than {Days} days")]
    private static partial void LogPurged(ILogger logger, int count, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit retention cleanup failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
