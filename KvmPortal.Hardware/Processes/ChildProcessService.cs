using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KvmPortal.Hardware.Processes;

/// <summary>
/// The one way KvmPortal starts programs (QEMU, tesseract, dd, tjbench, vcgencmd, ...). Every child gets a parent-death signal
/// set from one long-lived thread, so it dies when KvmPortal dies, also by crash or SIGKILL (see <c>ChildProcessLauncher</c> and
/// Processes/README.md); its PID and exit code are logged; and disposing the service (KvmPortal's shutdown disposes the DI
/// container) stops every child still running, gracefully first, killing after the child's timeout.
/// Not a hardware subsystem: there is nothing to simulate or disable, so it has no interface, backends or options.
/// </summary>
public sealed class ChildProcessService : IAsyncDisposable, IDisposable
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<ChildProcess, byte> _running = new();
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="ChildProcessService"/> class.</summary>
    public ChildProcessService(ILogger<ChildProcessService>? logger = null, TimeProvider? timeProvider = null)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        if (!ChildProcessLauncher.ParentDeathSignalAvailable)
        {
            ChildProcessLog.NoParentDeathSignal(_logger, ChildProcessLauncher.Setpriv);
        }
    }

    /// <summary>Gets a value indicating whether children die with KvmPortal on a crash too (Linux with util-linux's setpriv).</summary>
    public static bool KillsChildrenWhenKvmPortalDies => ChildProcessLauncher.ParentDeathSignalAvailable;

    /// <summary>Gets the children that have not exited yet.</summary>
    public IReadOnlyCollection<ChildProcess> Running => [.. _running.Keys];

    /// <summary>Starts a long-running child (a VM, a streamer). Stop it with <see cref="ChildProcess.StopAsync"/>; the service stops it on dispose.</summary>
    /// <returns>The started child.</returns>
    public ChildProcess Start(ChildProcessStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        return StartCore(start, quiet: false);
    }

    /// <summary>
    /// Runs a tool to its end and returns its exit code and output. Output and error are always captured. When
    /// <paramref name="timeout"/> passes or <paramref name="cancellationToken"/> is cancelled the tool (and its descendants) is killed
    /// and <see cref="TimeoutException"/> or <see cref="OperationCanceledException"/> is thrown.
    /// </summary>
    /// <returns>The exit code and output.</returns>
    public async Task<ChildProcessResult> RunAsync(ProcessStartInfo startInfo, TimeSpan timeout, string? standardInput = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = standardInput is not null;
        var child = StartCore(new ChildProcessStart(Path.GetFileName(startInfo.FileName), startInfo) { StopTimeout = TimeSpan.Zero }, quiet: true);
        await using (child.ConfigureAwait(false))
        {
            var output = child.Process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var errors = child.Process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                if (standardInput is not null)
                {
                    await child.Process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken).ConfigureAwait(false);
                    child.Process.StandardInput.Close();
                }

                var code = await child.Exited.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
                return new ChildProcessResult(code, await output.ConfigureAwait(false), await errors.ConfigureAwait(false));
            }
            catch (Exception exception) when (exception is TimeoutException or OperationCanceledException or IOException)
            {
                ChildProcessLog.RunTimedOut(_logger, child.Name, child.Id, timeout.TotalSeconds);
                await child.KillAsync().ConfigureAwait(false);
                if (exception is TimeoutException)
                {
                    throw new TimeoutException($"{startInfo.FileName} {string.Join(' ', startInfo.ArgumentList)} did not finish within {timeout.TotalSeconds:0.#} s", exception);
                }

                throw;
            }
        }
    }

    /// <summary>Stops every child still running (in parallel, each gracefully first, then killed after its timeout).</summary>
    /// <returns>A task that completes when all are stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _disposed, 1);
        var children = Running;
        await Task.WhenAll(children.Select(child => child.StopAsync())).ConfigureAwait(false);
        foreach (var child in children)
        {
            child.Process.Dispose();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private ChildProcess StartCore(ChildProcessStart start, bool quiet)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        var process = ChildProcessLauncher.Start(start.StartInfo, start.ParentDeathSignal);
        var program = start.StartInfo.FileName;
        if (quiet)
        {
            ChildProcessLog.ToolStarted(_logger, start.Name, process.Id, program);
        }
        else
        {
            ChildProcessLog.Started(_logger, start.Name, process.Id, program);
        }

        var child = new ChildProcess(start, process, _logger, _time, quiet, c => _running.TryRemove(c, out _));
        if (!child.HasExited)
        {
            _running[child] = 0;
            if (child.HasExited)
            {
                _running.TryRemove(child, out _);
            }
        }

        return child;
    }
}
