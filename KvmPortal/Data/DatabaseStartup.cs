using Microsoft.EntityFrameworkCore;

namespace KvmPortal.Data;

/// <summary>Backs up an existing database, applies migrations and switches SQLite to WAL before anything else touches it.</summary>
public static class DatabaseStartup
{
    public static string ConnectionString(string dataDirectory) =>
        $"Data Source={Path.Combine(dataDirectory, "kvmportal.db")};Cache=Shared;Foreign Keys=True";

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KvmDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseBackup));
        await DatabaseBackup.BeforeMigratingAsync(db, logger, cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
