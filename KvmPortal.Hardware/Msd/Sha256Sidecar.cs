using System.Globalization;

namespace KvmPortal.Hardware.Msd;

/// <summary>
/// Stores an image's SHA-256 in a hidden companion file ".&lt;name&gt;.sha256" as "hex size mtime-ticks", written atomically.
/// The hash counts only while the image's size and modification time still match (a host may write to a flash image).
/// </summary>
internal static class Sha256Sidecar
{
    public static string PathFor(string directory, string name) => Path.Combine(directory, "." + name + ".sha256");

    public static void Write(string directory, string name, string sha256, long size, DateTime modifiedUtc)
    {
        var target = PathFor(directory, name);
        var temp = target + ".tmp";
        var line = string.Create(CultureInfo.InvariantCulture, $"{sha256} {size} {modifiedUtc.Ticks}\n");
        File.WriteAllText(temp, line);
        File.Move(temp, target, overwrite: true);
    }

    public static string? Read(string directory, string name, long size, DateTime modifiedUtc)
    {
        try
        {
            var parts = File.ReadAllText(PathFor(directory, name)).Trim().Split(' ');
            if (parts.Length == 3
                && parts[0].Length == 64
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var recordedSize)
                && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var recordedTicks)
                && recordedSize == size
                && recordedTicks == modifiedUtc.Ticks)
            {
                return parts[0];
            }
        }
        catch (FileNotFoundException)
        {
        }
        catch (IOException)
        {
        }

        return null;
    }

    public static void Delete(string directory, string name) => File.Delete(PathFor(directory, name));
}
