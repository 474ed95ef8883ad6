using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Deploy;

/// <summary>Runs a program for the deployment tests and captures its output; a hard timeout kills it.</summary>
public static class DeployProcess
{
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var result = TestProcess.Run(fileName, arguments, timeout,
            environment?.ToDictionary(e => e.Key, e => (string?)e.Value), workingDirectory ?? Environment.CurrentDirectory);
        return new ProcessResult(result.ExitCode, result.StandardOutput, result.StandardError);
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
