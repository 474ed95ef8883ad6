using KvmPortal.Auth;

namespace KvmPortal.Security.Hardening;

/// <summary>
/// Database and key files readable by the service user only (0600, folders 0700), whatever the umask: before anything starts, the data
/// folder is tightened, the SQLite file is pre-created 0600 (SQLite gives its -wal/-shm files the database's mode) and existing files
/// are fixed; after the start, files created meanwhile (data-protection keys, the generated first-run password) are swept again.
/// </summary>
public sealed class SecureFilesService(Data.DataDirectory dataDirectory) : IHostedLifecycleService
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly string[] KeyFolders = ["keys", "tls"];

    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var root = dataDirectory.Path;
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, FolderMode);
        var database = Path.Combine(root, "kvmportal.db");
        if (!File.Exists(database))
        {
            using var created = new FileStream(database, new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerFile });
        }

        Sweep();
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        Sweep();
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Sets 0600 on the database files, key files and the first-run password file; 0700 on the key folders.</summary>
    public void Sweep()
    {
        var root = dataDirectory.Path;
        foreach (var file in Directory.EnumerateFiles(root))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith("kvmportal.db", StringComparison.Ordinal) || name.EndsWith(".key", StringComparison.Ordinal)
                || name == FirstRunSeeder.InitialPasswordFileName)
            {
                File.SetUnixFileMode(file, OwnerFile);
            }
        }

        foreach (var folder in KeyFolders.Select(f => Path.Combine(root, f)).Where(Directory.Exists))
        {
            File.SetUnixFileMode(folder, FolderMode);
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                File.SetUnixFileMode(file, OwnerFile);
            }
        }
    }
}
