using System.Diagnostics;

namespace KvmPortal.Tests.Deploy;

/// <summary>Runs a program for the deployment tests and captures its output; a hard timeout kills it.</summary>
public static class DeployProcess
{
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + fileName);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}");
        }

        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>Like <see cref="Run"/>, but fails the test with the program's output when it exits non-zero.</summary>
    public static ProcessResult RunChecked(string fileName, IEnumerable<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var result = Run(fileName, arguments, timeout, environment, workingDirectory);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited {result.ExitCode}\n--- stdout\n{result.Stdout}\n--- stderr\n{result.Stderr}");
        }

        return result;
    }

    /// <summary>The deployment tests install into chroots and mount nothing outside them, but they need root.</summary>
    public static void RequireRoot()
    {
        var id = Run("id", ["-u"], TimeSpan.FromSeconds(10));
        if (id.Stdout.Trim() != "0")
        {
            throw new InvalidOperationException("the Deploy tests need root (debootstrap, chroot, useradd --root); run deploy/test.sh as root");
        }
    }
}
