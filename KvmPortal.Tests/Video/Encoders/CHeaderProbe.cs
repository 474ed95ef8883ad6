using System.Diagnostics;
using System.Globalization;

namespace KvmPortal.Tests.Video.Encoders;

/// <summary>Compiles a small C program against the kernel's uapi headers with gcc and reads its <c>name=value</c> lines.</summary>
internal static class CHeaderProbe
{
    public static Dictionary<string, long> Run(string program)
    {
        string dir = Directory.CreateTempSubdirectory("kvmportal-cprobe").FullName;
        try
        {
            string source = Path.Combine(dir, "probe.c");
            string binary = Path.Combine(dir, "probe");
            File.WriteAllText(source, program);
            Exec("gcc", ["-o", binary, source]);
            return Exec(binary, [])
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('='))
                .ToDictionary(p => p[0], p => p[1].StartsWith("0x", StringComparison.Ordinal)
                    ? long.Parse(p[1].AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                    : long.Parse(p[1], CultureInfo.InvariantCulture));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Exec(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + file);
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed ({process.ExitCode}): {error} (needs gcc and linux-libc-dev)");
        }

        return output;
    }
}
