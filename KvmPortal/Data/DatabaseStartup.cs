using Microsoft.EntityFrameworkCore;

namespace KvmPortal.Data;

/// <summary>Applies migrations and switches SQLite to WAL before anything else touches the database.</summary>
public static class DatabaseStartup
{
    public static string ConnectionString(string dataDirectory) =>
        $"Data Source={Path.Combine(dataDirectory, "kvmportal.db")};Cache=Shared;Foreign Keys=True";

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KvmDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
