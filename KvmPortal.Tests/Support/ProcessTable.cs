using System.Globalization;

namespace KvmPortal.Tests.Support;

/// <summary>Reads /proc: whether a PID still runs and what it runs.</summary>
public static class ProcessTable
{
    /// <summary>True while the PID exists and is not a zombie (a zombie has exited and only waits to be reaped).</summary>
    public static bool IsAlive(int pid) => State(pid) is { } state && state != 'Z' && state != 'X';

    /// <summary>The state letter from /proc/PID/stat (R, S, D, Z, ...), or null when the PID is gone.</summary>
    public static char? State(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            // "pid (comm) S ...": comm may contain spaces and parentheses, the state follows the last ')'.
            return stat[(stat.LastIndexOf(')') + 2)..][0];
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The command line of a PID with spaces between the arguments ("" when gone).</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>Polls until the PID is no longer alive; returns how long that took, or null after <paramref name="timeout"/>.</summary>
    public static async Task<TimeSpan?> WaitUntilGoneAsync(int pid, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (!IsAlive(pid))
            {
                return clock.Elapsed;
            }

            await Task.Delay(10);
        }

        return IsAlive(pid) ? null : clock.Elapsed;
    }

    /// <summary>Test cleanup: SIGKILL a PID the test caused to exist, only while it still runs <paramref name="expectedProgram"/>.</summary>
    public static void KillIfStillRunning(int pid, string expectedProgram)
    {
        if (IsAlive(pid) && CommandLine(pid).Contains(expectedProgram, StringComparison.Ordinal))
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone meanwhile.
            }
        }
    }
}
