using System.Diagnostics;
using KvmPortal.Hardware.Processes;

namespace KvmPortal.Tests.Support;

/// <summary>
/// Runs a program for a test through the app's <see cref="ChildProcessService"/>: always with a timeout after which it is killed
/// with its descendants (so a hanging tool fails the test instead of outliving it), and with the parent-death signal, so a test
/// host that is killed (hang timeout, Ctrl+C) takes it along.
/// </summary>
public static class TestProcess
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    // One for the test host; each run kills its own child on timeout, so there is nothing left for a dispose to stop.
    private static readonly ChildProcessService Children = new();

    /// <param name="environment">Variables to set; a null value removes the variable.</param>
    public static Task<ChildProcessResult> RunAsync(string file, IEnumerable<string> arguments, TimeSpan? timeout = null, string? standardInput = null,
        IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(file);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        return Children.RunAsync(info, timeout ?? DefaultTimeout, standardInput, cancellationToken);
    }

    /// <summary>The synchronous form for synchronous tests and fixtures.</summary>
    public static ChildProcessResult Run(string file, IEnumerable<string> arguments, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null) =>
        RunAsync(file, arguments, timeout, null, environment, workingDirectory).GetAwaiter().GetResult();

    /// <summary>Starts a long-running program (a server) that the caller stops in its cleanup (dispose the returned child).</summary>
    public static ChildProcess Start(string name, ProcessStartInfo info) => Children.Start(new ChildProcessStart(name, info));
}
