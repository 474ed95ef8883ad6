using System.Diagnostics;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Deploy;

/// <summary>
/// Runs programs inside a <see cref="BookwormRoot"/> through deploy/pi/testing/chroot-run.sh: private user, mount and pid
/// namespaces (nothing mounted or registered on the host), arm64 roots under qemu-aarch64-static through a private
/// binfmt_misc instance. Every process started inside dies with the namespace's first process.
/// </summary>
public static class ChrootRun
{
    private static string Script => Path.Combine(RepositoryRoot.Find(), "deploy", "pi", "testing", "chroot-run.sh");

    /// <summary>Runs <paramref name="command"/> as root inside the root and fails the test when it exits non-zero.</summary>
    public static ProcessResult Checked(BookwormRoot root, TimeSpan timeout, params string[] command)
    {
        ArgumentNullException.ThrowIfNull(root);
        return DeployProcess.RunChecked("bash", [Script, root.Path, .. command], timeout);
    }

    /// <summary>Runs <paramref name="command"/> as root inside the root; the caller looks at the exit code.</summary>
    public static ProcessResult Run(BookwormRoot root, TimeSpan timeout, params string[] command)
    {
        ArgumentNullException.ThrowIfNull(root);
        return DeployProcess.Run("bash", [Script, root.Path, .. command], timeout);
    }

    /// <summary>apt-get inside the root, non-interactive, without translations.</summary>
    public static ProcessResult Apt(BookwormRoot root, TimeSpan timeout, params string[] arguments) =>
        Checked(root, timeout, ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "-q", "-y", "-o", "Acquire::Languages=none", .. arguments]);

    /// <summary>Starts a long-running <paramref name="command"/> as <paramref name="user"/>; output goes to <paramref name="log"/>.</summary>
    public static Process Start(BookwormRoot root, string user, IEnumerable<string> command, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(log);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Script, "--user", user, root.Path }.Concat(command))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start chroot-run.sh");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { log(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
