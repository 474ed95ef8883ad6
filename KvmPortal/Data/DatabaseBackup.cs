using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace KvmPortal.Data;

/// <summary>
/// Before migrations change an existing database, copies it next to itself as <c>kvmportal.db.&lt;last applied migration&gt;.bak</c>
/// through SQLite's online backup (consistent with the WAL). A backup of the same schema version is never overwritten, so a
/// failed upgrade retried later keeps the copy of the original.
/// </summary>
public static partial class DatabaseBackup
{
    /// <summary>Backs up when migrations are pending on a database that already has some applied. Returns the backup path, or null.</summary>
    public static async Task<string?> BeforeMigratingAsync(KvmDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(logger);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        if (pending.Count == 0 || applied.Count == 0 || !File.Exists(file))
        {
            return null; // up to date, or a new database with nothing in it to lose
        }

        var schema = applied[^1];
        var backup = $"{file}.{schema}.bak";
        if (File.Exists(backup))
        {
            LogBackupKept(logger, backup, schema);
            return backup;
        }

        var partial = backup + ".partial";
        File.Delete(partial);
        var source = (SqliteConnection)db.Database.GetDbConnection();
        var wasClosed = source.State != System.Data.ConnectionState.Open;
        if (wasClosed)
        {
            await source.OpenAsync(cancellationToken);
        }

        try
        {
            await using (var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
            {
                await destination.OpenAsync(cancellationToken);
                source.BackupDatabase(destination);
            }

            File.SetUnixFileMode(partial, File.GetUnixFileMode(file));
            File.Move(partial, backup);
        }
        finally
        {
            if (wasClosed)
            {
                await source.CloseAsync();
            }
        }

        LogBackedUp(logger, file, schema, backup, pending.Count, string.Join(", ", pending));
        return backup;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Backed up the database {Database} (schema {SchemaVersion}) to {Backup} before applying {Count} migration(s): {Migrations}")]
    private static partial void LogBackedUp(ILogger logger, string database, string schemaVersion, string backup, int count, string migrations);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "A backup of schema {SchemaVersion} already exists at {Backup}; keeping it (a previous upgrade did not finish)")]
    private static partial void LogBackupKept(ILogger logger, string backup, string schemaVersion);
}
