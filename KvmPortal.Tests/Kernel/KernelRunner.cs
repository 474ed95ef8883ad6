using System.Globalization;
using Xunit;

namespace KvmPortal.Tests.Kernel;

/// <summary>
/// The test assembly's entry point. <c>dotnet KvmPortal.Tests.dll --kernel [--filter TEXT] [--timeout SECONDS]</c>
/// runs the kernel tests (see <see cref="KernelTest"/>) inside the VM lab and prints <c>PASS name (ms)</c> or
/// <c>FAIL name: message</c> with the stack per test, then the line <c>N passed, N failed</c>; the exit code is
/// non-zero when any test failed or none ran. Without <c>--kernel</c> it prints a usage line and returns 0
/// (<c>dotnet test</c> does not call this method: the xunit adapter discovers and runs tests itself).
/// </summary>
public static class KernelRunner
{
    private const int DefaultTimeoutSeconds = 300;

    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!args.Contains("--kernel"))
        {
            System.Console.WriteLine("KvmPortal.Tests: run the tests with `dotnet test`; run the kernel tests in the VM lab with "
                + "deploy/vmlab/run-kernel-tests.sh (which calls this assembly with --kernel [--filter TEXT] [--timeout SECONDS]).");
            return 0;
        }

        var filter = OptionValue(args, "--filter");
        var timeout = TimeSpan.FromSeconds(int.Parse(OptionValue(args, "--timeout") ?? $"{DefaultTimeoutSeconds}", CultureInfo.InvariantCulture));
        var tests = KernelRunnerDiscovery.Find(typeof(KernelRunner).Assembly, filter);
        System.Console.WriteLine($"kernel runner: {tests.Count} test(s){(filter is null ? "" : $" matching '{filter}'")}, "
            + $"in VM lab: {KernelTest.InVmLab}, guest uptime {GuestUptime()}");

        var time = TimeProvider.System;
        var failures = new List<string>();
        int passed = 0, skipped = 0;
        foreach (var test in tests)
        {
            if (test.SkipReason is not null)
            {
                skipped++;
                System.Console.WriteLine($"SKIP {test.Name}: {test.SkipReason}");
                continue;
            }

            System.Console.WriteLine($"RUN  {test.Name}");
            var started = time.GetTimestamp();
            try
            {
                await Task.Run(() => KernelRunnerExecution.RunAsync(test)).WaitAsync(timeout, time);
                passed++;
                System.Console.WriteLine($"PASS {test.Name} ({time.GetElapsedTime(started).TotalMilliseconds:F0} ms)");
            }
            catch (TimeoutException) when (time.GetElapsedTime(started) >= timeout)
            {
                failures.Add($"{test.Name}: timed out after {timeout.TotalSeconds:F0} s");
                System.Console.WriteLine($"FAIL {failures[^1]}");
            }
#pragma warning disable CA1031 // Every exception of a test is that test's failure; the runner goes on with the next test.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures.Add($"{test.Name}: {ex.GetType().Name}: {ex.Message}");
                System.Console.WriteLine($"FAIL {failures[^1]} ({time.GetElapsedTime(started).TotalMilliseconds:F0} ms)");
                System.Console.WriteLine(TestFrames(ex.StackTrace));
            }
        }

        if (failures.Count > 0)
        {
            System.Console.WriteLine("Failed kernel tests:");
            failures.ForEach(f => System.Console.WriteLine($"  {f}"));
        }

        if (skipped > 0)
        {
            System.Console.WriteLine($"{skipped} skipped");
        }

        System.Console.WriteLine($"{passed} passed, {failures.Count} failed");
        if (passed + failures.Count == 0)
        {
            System.Console.WriteLine("kernel runner: no kernel test ran" + (filter is null ? "" : $" (filter '{filter}')")
                + (KernelTest.InVmLab ? "" : $"; outside the VM lab ({KernelTest.EnvironmentVariable} is not 1) every [KernelFact] is skipped"));
            return 2;
        }

        return failures.Count == 0 ? 0 : 1;
    }

    private static string? OptionValue(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    // The stack without the runner's own and the reflection frames, so the test's frames stand out.
    private static string TestFrames(string? stackTrace) =>
        string.Join(Environment.NewLine, (stackTrace ?? "").Split(Environment.NewLine).Where(line =>
            !line.Contains(" System.Reflection.", StringComparison.Ordinal)
            && !line.Contains(" KvmPortal.Tests.Kernel.KernelRunner", StringComparison.Ordinal)
            && !line.StartsWith("--- End of stack trace", StringComparison.Ordinal)));

    private static string GuestUptime()
    {
        try
        {
            return File.ReadAllText("/proc/uptime").Split(' ')[0] + " s";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
