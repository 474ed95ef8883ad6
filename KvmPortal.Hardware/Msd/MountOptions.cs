using System.Text.RegularExpressions;

namespace KvmPortal.Hardware.Msd;

/// <summary>Looks up the mount options of the file system holding a path, from /proc/self/mountinfo.</summary>
internal static partial class MountOptions
{
    public static bool IsNoAtime(string path, string mountInfo = "/proc/self/mountinfo")
    {
        try
        {
            var full = Path.GetFullPath(path);
            string? bestPoint = null;
            var bestNoAtime = false;
            foreach (var line in File.ReadLines(mountInfo))
            {
                // id parent major:minor root mount-point per-mount-options [optional fields] - fstype source super-options
                var fields = line.Split(' ');
                if (fields.Length < 6)
                {
                    continue;
                }

                var point = Octal().Replace(fields[4], m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString());
                if (IsUnder(full, point) && (bestPoint is null || point.Length >= bestPoint.Length))
                {
                    bestPoint = point;
                    bestNoAtime = fields[5].Split(',').Contains("noatime");
                }
            }

            return bestNoAtime;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool IsUnder(string path, string mountPoint) =>
        mountPoint == "/" || path == mountPoint || path.StartsWith(mountPoint.TrimEnd('/') + "/", StringComparison.Ordinal);

    [GeneratedRegex(@"\\([0-7]{3})")]
    private static partial Regex Octal();
}
