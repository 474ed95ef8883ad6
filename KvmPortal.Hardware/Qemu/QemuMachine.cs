using System.Text.Json.Nodes;
using KvmPortal.Hardware.Processes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Qemu;

/// <summary>
/// The VM that the Qemu profile drives: owns the QMP client, starts QEMU when <see cref="QemuOptions.StartVm"/> is set (halted, so the
/// power LED starts off) and tracks whether the guest runs from QMP events (STOP, RESUME, SHUTDOWN) and a once-a-second query-status.
/// </summary>
public sealed partial class QemuMachine : IAsyncDisposable, IDisposable
{
    private readonly QemuOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _launchLock = new(1, 1);
    private readonly Lock _monitorLock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly string _endpoint;
    private readonly ChildProcessService _children;
    private readonly bool _ownsChildren;
    private ChildProcess? _child;
    private Task? _monitor;
    private readonly List<Func<QmpClient, CancellationToken, Task>> _restoreActions = [];
    private int _running = -1;
    private string _status = "unknown";

    /// <summary>Initializes a new instance of the <see cref="QemuMachine"/> class.</summary>
    /// <param name="options">The profile's options.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="children">The service that starts and stops QEMU (the app's one); null makes a private one, disposed with the machine.</param>
    public QemuMachine(IOptions<QemuOptions> options, ILogger<QemuMachine>? logger = null, TimeProvider? timeProvider = null, ChildProcessService? children = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _ownsChildren = children is null;
        _children = children ?? new ChildProcessService(null, _time);
        _endpoint = QemuArguments.UnixPath(_options.QmpSocket) is { } path ? Path.GetFullPath(path) : _options.QmpSocket;
        Qmp = new QmpClient(_endpoint, _logger);
        Qmp.EventReceived += OnEvent;
        Qmp.Disconnected += (_, _) => SetRunning(false, "disconnected");
    }

    /// <summary>Raised (on any thread) when <see cref="Running"/> changes.</summary>
    public event EventHandler<bool>? RunningChanged;

    /// <summary>Raised (on any thread) for every QMP event.</summary>
    public event EventHandler<QmpEvent>? EventReceived;

    /// <summary>Gets the options.</summary>
    public QemuOptions Options => _options;

    /// <summary>Gets the QMP client.</summary>
    public QmpClient Qmp { get; }

    /// <summary>Gets a value indicating whether the guest CPU runs (the power LED).</summary>
    public bool Running => Volatile.Read(ref _running) == 1;

    /// <summary>Gets the last QMP run state ("running", "paused", "prelaunch", "shutdown", ...; "disconnected" when QEMU is unreachable).</summary>
    public string Status => Volatile.Read(ref _status);

    /// <summary>Gets a value indicating whether QMP is connected.</summary>
    public bool Connected => Qmp.IsConnected;

    /// <summary>Starts the background status monitor once (idempotent). It also starts the VM process when configured.</summary>
    public void StartMonitoring()
    {
        lock (_monitorLock)
        {
            _monitor ??= Task.Run(() => MonitorAsync(_stop.Token));
        }
    }

    /// <summary>
    /// Adds an action that runs right after KvmPortal (re)started QEMU, before any other command: backends put back state that lived
    /// in the old process (the inserted medium). It must use the given client directly.
    /// </summary>
    public void AddRestoreAction(Func<QmpClient, CancellationToken, Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (_monitorLock)
        {
            _restoreActions.Add(action);
        }
    }

    /// <summary>Runs a QMP command with the configured timeout, starting QEMU first when KvmPortal owns the VM.</summary>
    /// <returns>The command's return value.</returns>
    public async Task<JsonNode?> ExecuteAsync(string command, JsonObject? arguments = null, CancellationToken cancellationToken = default)
    {
        await EnsureProcessAsync(cancellationToken).ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(1, _options.CommandTimeoutSeconds)), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            return await Qmp.ExecuteAsync(command, arguments, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"QMP command {command} timed out");
        }
    }

    /// <summary>Asks QEMU for its run state and updates <see cref="Running"/>.</summary>
    /// <returns>The status string ("running", "paused", ...).</returns>
    public async Task<string> RefreshStatusAsync(CancellationToken cancellationToken = default)
    {
        var result = await ExecuteAsync("query-status", null, cancellationToken).ConfigureAwait(false);
        var status = result?["status"]?.ToString() ?? "unknown";
        SetRunning(result?["running"]?.GetValue<bool>() ?? false, status);
        return status;
    }

    /// <summary>Starts QEMU (halted) if KvmPortal owns the VM and it is not running, then connects QMP.</summary>
    public async Task EnsureProcessAsync(CancellationToken cancellationToken = default)
    {
        if (!_options.StartVm || (_child is { HasExited: false } && Qmp.IsConnected))
        {
            return;
        }

        await _launchLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_child is { HasExited: false })
            {
                return;
            }

            if (_child is { } old)
            {
                await old.DisposeAsync().ConfigureAwait(false);
            }

            _child = Launch();
            await WaitForQmpAsync(_child, cancellationToken).ConfigureAwait(false);
            foreach (var restore in _restoreActions)
            {
                await restore(Qmp, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _launchLock.Release();
        }
    }

    /// <summary>
    /// Quits QEMU through QMP <c>quit</c>. When KvmPortal started it, this is the child's graceful stop: QEMU is killed when it has
    /// not exited 10 s later (or when <paramref name="cancellationToken"/> is cancelled).
    /// </summary>
    public async Task QuitAsync(CancellationToken cancellationToken = default)
    {
        if (_child is { } child)
        {
            await child.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await QuitThroughQmpAsync(cancellationToken).ConfigureAwait(false);
        }

        SetRunning(false, "disconnected");
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_monitor is { } monitor)
        {
            await monitor.ConfigureAwait(false);
        }

        if (_child is { } child)
        {
            // QMP quit, killed after the stop timeout; logged with PID and exit code by the child-process service.
            await child.DisposeAsync().ConfigureAwait(false);
        }

        if (_ownsChildren)
        {
            await _children.DisposeAsync().ConfigureAwait(false);
        }

        await Qmp.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
        _launchLock.Dispose();
    }

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    internal void SetRunning(bool running, string status)
    {
        Volatile.Write(ref _status, status);
        var value = running ? 1 : 0;
        if (Interlocked.Exchange(ref _running, value) != value)
        {
            RunningChanged?.Invoke(this, running);
        }
    }
}
