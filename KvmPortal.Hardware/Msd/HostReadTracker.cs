namespace KvmPortal.Hardware.Msd;

/// <summary>
/// Tells whether the host has read the attached image, from the image file's access time: before attaching, the access time is
/// set far into the past; the kernel's gadget reads the file through the page cache, and with the usual relatime or strictatime
/// mounts the first read then sets the access time to now (relatime updates whenever atime is older than mtime or ctime).
/// KvmPortal's own reads use O_NOATIME. On a noatime mount this cannot work, and the state is reported as unknown.
/// </summary>
internal sealed class HostReadTracker
{
    private static readonly DateTime Baseline = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly Lock _gate = new();
    private string? _path;
    private bool _seen;
    private bool _unknown;

    public void Arm(string path)
    {
        lock (_gate)
        {
            (_path, _seen, _unknown) = (path, false, MountOptions.IsNoAtime(path));
            try
            {
                File.SetLastAccessTimeUtc(path, Baseline);
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                _unknown = true;
            }
        }
    }

    public void Disarm()
    {
        lock (_gate)
        {
            (_path, _seen, _unknown) = (null, false, false);
        }
    }

    /// <summary>Returns true once a read was seen, false before, null when unknown.</summary>
    public bool? Check()
    {
        lock (_gate)
        {
            if (_path is null || _unknown)
            {
                return null;
            }

            if (!_seen)
            {
                try
                {
                    _seen = File.GetLastAccessTimeUtc(_path) > Baseline.AddSeconds(1);
                }
                catch (IOException)
                {
                    return null;
                }
            }

            return _seen;
        }
    }
}
