using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace KvmPortal.Hardware.Processes;

/// <summary>
/// Starts every child process of KvmPortal so that it dies with KvmPortal, also when KvmPortal crashes or is killed with SIGKILL.
/// <para>
/// How: the child runs as <c>setpriv --pdeathsig SIG -- /bin/sh -c GUARD KVMPORTAL_PID PROGRAM ARGS...</c>. util-linux's setpriv
/// (Debian: essential package util-linux) sets PR_SET_PDEATHSIG and execs the shell, the shell checks that its parent is still
/// KvmPortal and execs the program. Every step is an exec in the same process, so the child keeps one PID (the one logged and
/// stopped), and the death signal survives the execs (Linux clears it only for set-user-ID/set-group-ID or file-capability programs).
/// The guard closes the one gap of a death signal set after fork: when KvmPortal died between the fork and the prctl, the kernel
/// would never send it, but then the parent is no longer KvmPortal and the guard exits (code 125) instead of starting the program.
/// </para>
/// <para>
/// The trap: Linux sends the death signal when the THREAD that forked the child exits, not when the process does. .NET forks in
/// the thread that calls <see cref="Process.Start(ProcessStartInfo)"/>, typically a thread-pool thread, and the pool retires idle
/// threads after a few seconds; a naive <c>setpriv --pdeathsig</c> would then kill a healthy QEMU while KvmPortal runs on. So all
/// starts are handed to ONE dedicated background thread that lives as long as the process (it only waits for start requests);
/// the death signal fires exactly when the whole process ends. KvmPortal.Tests' ChildProcessServiceTests show both sides.
/// </para>
/// <para>
/// Alternatives weighed: a watcher process per child that waits for EOF on a pipe KvmPortal holds (robust too, but an extra
/// process per child, the logged PID is the watcher's, and stopping must go through it); a process group or cgroup only helps
/// when something outside KvmPortal kills it (systemd's KillMode covers that for the service: see deploy/pi/files.sh), not in
/// tests or when run by hand. Without setpriv (not Linux, or a stripped system) children start directly and are stopped only by
/// a normal shutdown; <see cref="ParentDeathSignalAvailable"/> says which.
/// </para>
/// </summary>
internal static class ChildProcessLauncher
{
    public const string Setpriv = "/usr/bin/setpriv";
    public const string Shell = "/bin/sh";

    // Run as: sh -c GUARD EXPECTED_PARENT_PID PROGRAM ARGS... ($0 is the expected parent, "$@" the program and its arguments).
    internal const string Guard = "[ \"$PPID\" = \"$0\" ] || exit 125; exec \"$@\"";

    private static readonly BlockingCollection<Request> Requests = [];
    private static readonly Thread Spawner = StartSpawner();

    /// <summary>Gets a value indicating whether children get a parent-death signal (Linux with util-linux's setpriv).</summary>
    public static bool ParentDeathSignalAvailable { get; } = OperatingSystem.IsLinux() && File.Exists(Setpriv) && File.Exists(Shell);

    /// <summary>Gets the managed id of the thread that forks every child.</summary>
    public static int SpawnerThreadId => Spawner.ManagedThreadId;

    /// <summary>Starts the program of <paramref name="original"/> from the spawner thread (wrapped as described above).</summary>
    public static Process Start(ProcessStartInfo original, ParentDeathSignal signal)
    {
        var info = Prepare(original, signal);
        if (Thread.CurrentThread == Spawner)
        {
            return Process.Start(info) ?? throw new InvalidOperationException("could not start " + info.FileName);
        }

        var request = new Request(info);
        Requests.Add(request);
        // A synchronous wait, like Process.Start itself: the spawner only forks and returns.
        return request.Completion.Task.GetAwaiter().GetResult();
    }

    /// <summary>Finds the program the way a shell does (a path as given, a bare name on PATH), failing like Process.Start.</summary>
    public static string Resolve(ProcessStartInfo info)
    {
        var file = info.FileName;
        if (file.Contains('/', StringComparison.Ordinal))
        {
            // Like Process.Start: a relative path is taken from KvmPortal's current directory, not from WorkingDirectory.
            var path = Path.GetFullPath(file);
            return IsExecutable(path) ? path : throw NotFound(file);
        }

        var searchPath = info.Environment.TryGetValue("PATH", out var fromStart) && fromStart is not null
            ? fromStart : Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        return searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, file))
            .FirstOrDefault(IsExecutable) ?? throw NotFound(file);
    }

    private static ProcessStartInfo Prepare(ProcessStartInfo original, ParentDeathSignal signal)
    {
        ArgumentNullException.ThrowIfNull(original);
        if (original.UseShellExecute)
        {
            throw new ArgumentException("UseShellExecute is not supported for child processes", nameof(original));
        }

        if (!string.IsNullOrEmpty(original.Arguments))
        {
            throw new ArgumentException("pass arguments in ArgumentList, not as one Arguments string", nameof(original));
        }

        var program = Resolve(original);
        var info = new ProcessStartInfo(ParentDeathSignalAvailable ? Setpriv : program)
        {
            UseShellExecute = false,
            RedirectStandardInput = original.RedirectStandardInput,
            RedirectStandardOutput = original.RedirectStandardOutput,
            RedirectStandardError = original.RedirectStandardError,
            StandardInputEncoding = original.StandardInputEncoding,
            StandardOutputEncoding = original.StandardOutputEncoding,
            StandardErrorEncoding = original.StandardErrorEncoding,
            WorkingDirectory = original.WorkingDirectory,
        };
        if (ParentDeathSignalAvailable)
        {
            foreach (var argument in new[]
            {
                "--pdeathsig", signal == ParentDeathSignal.Terminate ? "TERM" : "KILL", "--",
                Shell, "-c", Guard, Environment.ProcessId.ToString(CultureInfo.InvariantCulture), program,
            })
            {
                info.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in original.ArgumentList)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (key, value) in original.Environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path)
        && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static Win32Exception NotFound(string file) => new(2, $"cannot start {file}: no such executable file");

    private static Thread StartSpawner()
    {
        // Background: it must not keep KvmPortal alive; it ends only with the process, which is when the children must go.
        var thread = new Thread(Run) { IsBackground = true, Name = "kvmportal-child-spawner" };
        thread.Start();
        return thread;
    }

    private static void Run()
    {
        foreach (var request in Requests.GetConsumingEnumerable())
        {
            try
            {
                request.Completion.SetResult(Process.Start(request.Info) ?? throw new InvalidOperationException("could not start " + request.Info.FileName));
            }
#pragma warning disable CA1031 // Every failure goes back to the caller; the spawner must survive it.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                request.Completion.SetException(exception);
            }
        }
    }

    private sealed class Request(ProcessStartInfo info)
    {
        public ProcessStartInfo Info { get; } = info;

        public TaskCompletionSource<Process> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
