using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Processes;

/// <summary>
/// A child process started by <see cref="ChildProcessService"/>: its PID, its exit and the one way to stop it (graceful step,
/// then SIGKILL to it and its descendants after <see cref="ChildProcessStart.StopTimeout"/>).
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReapTimeout = TimeSpan.FromSeconds(5);

    private readonly ChildProcessStart _start;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly bool _quiet;
    private readonly Action<ChildProcess> _exited;
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _stopRequested;

    internal ChildProcess(ChildProcessStart start, Process process, ILogger logger, TimeProvider time, bool quiet, Action<ChildProcess> exited)
    {
        _start = start;
        _logger = logger;
        _time = time;
        _quiet = quiet;
        _exited = exited;
        Process = process;
        Id = process.Id;
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => OnExited();
        if (process.HasExited)
        {
            OnExited();
        }
    }

    /// <summary>Gets the name used in the logs.</summary>
    public string Name => _start.Name;

    /// <summary>Gets the PID (the program's own: the start wrapper execs it in place).</summary>
    public int Id { get; }

    /// <summary>Gets the process, for its redirected standard streams.</summary>
    public Process Process { get; }

    /// <summary>Gets a task that completes with the exit code (128 + signal number when a signal ended it).</summary>
    public Task<int> Exited => _exit.Task;

    /// <summary>Gets a value indicating whether the process has exited.</summary>
    public bool HasExited => _exit.Task.IsCompleted;

    /// <summary>
    /// Stops the child: the graceful step (<see cref="ChildProcessStart.GracefulStop"/>, or SIGTERM), then waits up to
    /// <see cref="ChildProcessStart.StopTimeout"/> and kills it and its descendants. Cancelling skips to the kill.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (HasExited)
        {
            return;
        }

        Interlocked.Exchange(ref _stopRequested, 1);
        ChildProcessLog.Stopping(_logger, Name, Id, _start.GracefulStop is null ? "SIGTERM" : "own stop command", _start.StopTimeout.TotalSeconds);
        using var timeout = new CancellationTokenSource(_start.StopTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            if (_start.GracefulStop is { } graceful)
            {
                await graceful(linked.Token).ConfigureAwait(false);
            }
            else if (!HasExited)
            {
                _ = ProcessSignals.Kill(Id, ProcessSignals.SIGTERM);
            }

            await _exit.Task.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Timed out or cancelled: kill below.
        }
#pragma warning disable CA1031 // Whatever the graceful step throws (QMP errors, I/O), the answer is the kill below.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            ChildProcessLog.GracefulStopFailed(_logger, Name, Id, exception);
            try
            {
                await _exit.Task.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Kill below.
            }
        }

        if (!HasExited)
        {
            ChildProcessLog.Killing(_logger, Name, Id);
            await KillAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Kills the child and its descendants at once (SIGKILL) and waits (briefly) until it is reaped.</summary>
    public async Task KillAsync()
    {
        Interlocked.Exchange(ref _stopRequested, 1);
        try
        {
            Process.Kill(entireProcessTree: true);
        }
        catch (Exception exception) when (exception is InvalidOperationException or Win32Exception)
        {
            // Already exited.
        }

        try
        {
            await _exit.Task.WaitAsync(ReapTimeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Uninterruptible sleep (a hung device): nothing more a process can do; the exit is logged when it happens.
        }
    }

    /// <summary>Stops the child (see <see cref="StopAsync"/>) and releases the process handle.</summary>
    /// <returns>A task that completes when the child is stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        Process.Dispose();
    }

    private void OnExited()
    {
        int code;
        try
        {
            code = Process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return;
        }

        if (!_exit.TrySetResult(code))
        {
            return;
        }

        if (_quiet)
        {
            ChildProcessLog.RunFinished(_logger, Name, Id, code);
        }
        else if (code == 0 || Volatile.Read(ref _stopRequested) == 1)
        {
            ChildProcessLog.Exited(_logger, Name, Id, code);
        }
        else
        {
            ChildProcessLog.ExitedUnexpectedly(_logger, Name, Id, code);
        }

        _exited(this);
    }
}
