using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Kernel.Msd;

/// <summary>Runs bash commands for the kernel tests (modprobe, mount, mkfs, xorriso) and fails with their output.</summary>
internal static class Shell
{
    public static (int Code, string Output) Run(string command)
    {
        var result = TestProcess.Run("/bin/bash", ["-c", command], TimeSpan.FromMinutes(5));
        return (result.ExitCode, (result.StandardOutput + result.StandardError).Trim());
    }

    public static string Check(string command)
    {
        var (code, output) = Run(command);
        return code == 0 ? output : throw new InvalidOperationException($"`{command}` exited {code}: {output}");
    }

    /// <summary>Polls <paramref name="probe"/> every 200 ms until it returns a value or <paramref name="timeout"/> passes.</summary>
    public static async Task<T> WaitForAsync<T>(string what, TimeSpan timeout, Func<T?> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds} s; kernel log tail:\n{Run("dmesg | tail -25").Output}");
            }

            await Task.Delay(200);
        }
    }
}
