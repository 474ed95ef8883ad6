using System.Text.Json.Nodes;
using System.Threading.Channels;
using KvmPortal.Hardware.Hid;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KvmPortal.Hardware.Qemu;

/// <summary>
/// Keyboard and mouse of a QEMU VM through QMP <c>input-send-event</c>: keys as qcodes, the absolute pointer as <c>abs</c> events
/// (0..32767, served by the VM's usb-tablet), relative moves as <c>rel</c>, the wheel as wheel-up/down/left/right button clicks.
/// Calls queue events and return; one sender forwards them in order, drops them while the VM does not run and drops any older
/// than a second (never replays stale input).
/// </summary>
public sealed partial class QemuHidOutput : HidOutputBase, IHidOutput, IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan MaxEventAge = TimeSpan.FromSeconds(1);

    private readonly QemuMachine _machine;
    private readonly ILogger _logger;
    private readonly Channel<(JsonArray Events, long Timestamp, TaskCompletionSource? Flush)> _queue =
        Channel.CreateBounded<(JsonArray, long, TaskCompletionSource?)>(new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });

    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<string> _pressedKeys = new(StringComparer.Ordinal);
    private readonly Task _sender;
    private MouseButtons _pressedButtons;

    /// <summary>Initializes a new instance of the <see cref="QemuHidOutput"/> class.</summary>
    public QemuHidOutput(QemuMachine machine, TimeProvider timeProvider, ILogger<QemuHidOutput>? logger = null)
        : base(StateOf(machine ?? throw new ArgumentNullException(nameof(machine))), timeProvider)
    {
        _machine = machine;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Position = (16384, 16384);
        machine.RunningChanged += (_, _) => UpdateState(_ => StateOf(_machine));
        machine.StartMonitoring();
        _sender = Task.Run(() => SendLoopAsync(_stop.Token));
    }

    /// <summary>Gets the number of events dropped because the VM was not running or they were stale.</summary>
    public long Dropped { get; private set; }

    /// <inheritdoc/>
    public bool SendKey(string code, bool pressed)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (!QemuKeyMap.TryGetQcode(code, out var qcode))
        {
            return false;
        }

        lock (Gate)
        {
            _ = pressed ? _pressedKeys.Add(qcode) : _pressedKeys.Remove(qcode);
        }

        Enqueue([KeyEvent(qcode, pressed)]);
        return true;
    }

    /// <inheritdoc/>
    public void SendMouseButton(MouseButtons button, bool pressed)
    {
        JsonArray events = [];
        lock (Gate)
        {
            _pressedButtons = pressed ? _pressedButtons | button : _pressedButtons & ~button;
        }

        foreach (var name in ButtonNames(button))
        {
            events.Add(ButtonEvent(name, pressed));
        }

        Enqueue(events);
    }

    /// <inheritdoc/>
    public void SendAbsoluteMove(int x, int y)
    {
        x = Math.Clamp(x, 0, 32767);
        y = Math.Clamp(y, 0, 32767);
        lock (Gate)
        {
            Position = (x, y);
        }

        Enqueue([AxisEvent("abs", "x", x), AxisEvent("abs", "y", y)]);
    }

    /// <inheritdoc/>
    public void SendRelativeMove(int dx, int dy)
    {
        if (dx != 0 || dy != 0)
        {
            Enqueue([AxisEvent("rel", "x", dx), AxisEvent("rel", "y", dy)]);
        }
    }

    /// <inheritdoc/>
    public void SendWheel(int vertical, int horizontal)
    {
        JsonArray events = [];
        AddWheelClicks(events, vertical, "wheel-up", "wheel-down");
        AddWheelClicks(events, horizontal, "wheel-right", "wheel-left");
        if (events.Count > 0)
        {
            Enqueue(events);
        }
    }

    /// <inheritdoc/>
    public void ReleaseAll()
    {
        JsonArray events = [];
        lock (Gate)
        {
            foreach (var qcode in _pressedKeys)
            {
                events.Add(KeyEvent(qcode, false));
            }

            foreach (var name in ButtonNames(_pressedButtons))
            {
                events.Add(ButtonEvent(name, false));
            }

            _pressedKeys.Clear();
            _pressedButtons = MouseButtons.None;
        }

        if (events.Count > 0)
        {
            Enqueue(events);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sender.ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Waits until every queued event has been sent or dropped (for tests and the typer).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(([], Time.GetTimestamp(), done)))
        {
            return;
        }

        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
