namespace KvmPortal.Data;

/// <summary>The resolved, existing data directory (database, images, TLS material, generated secrets).</summary>
public sealed class DataDirectory
{
    public DataDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(Path))
        {
            // Database, keys and images are private to the service account (and its group, for backups).
            Directory.CreateDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                            UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        }
    }

    public string Path { get; }

    public static string Resolve(string configured, bool isDevelopment) =>
        !string.IsNullOrWhiteSpace(configured) ? configured
        : isDevelopment ? System.IO.Path.Combine(Directory.GetCurrentDirectory(), "data")
        : "/var/lib/kvmportal";
}
