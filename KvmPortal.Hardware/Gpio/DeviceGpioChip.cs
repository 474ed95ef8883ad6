using System.Device.Gpio;
using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Gpio;

/// <summary>A chip opened through a System.Device.Gpio <see cref="GpioController"/> that owns its driver.</summary>
internal sealed class DeviceGpioChip : IGpioChip
{
    private static readonly Lock ThreadReservationGate = new();
    private readonly GpioController _controller;
    private readonly Func<int, int> _pinOf;
    private readonly ILogger _logger;
    private readonly List<DeviceGpioLine> _lines = [];
    private bool _disposed;

    public DeviceGpioChip(string chipPath, GpioDriverKind driver, GpioDriver gpioDriver, Func<int, int> pinOf, ILogger logger)
    {
        ChipPath = chipPath;
        Driver = driver;
        _controller = new GpioController(gpioDriver);
        _pinOf = pinOf;
        _logger = logger;
    }

    public string ChipPath { get; }

    public GpioDriverKind Driver { get; }

    /// <summary>Serializes calls into the controller (clicks, LED reads and edge callbacks come from different threads).</summary>
    internal Lock Gate { get; } = new();

    public IGpioLine OpenOutput(int offset, bool initialHigh) =>
        Open(offset, pin =>
        {
            _controller.OpenPin(pin, PinMode.Output, initialHigh ? PinValue.High : PinValue.Low);
            return new DeviceGpioLine(this, _controller, offset, pin, edgeHandler: null);
        });

    public IGpioLine OpenInput(int offset, Action<bool>? onEdge) =>
        Open(offset, pin =>
        {
            _controller.OpenPin(pin, PinMode.Input);
            PinChangeEventHandler? handler = null;
            if (onEdge is not null)
            {
                handler = (_, args) => OnEdge(offset, onEdge, args);
                ReserveEdgeThread(+1);
                try
                {
                    _controller.RegisterCallbackForPinValueChangedEvent(pin, PinEventTypes.Rising | PinEventTypes.Falling, handler);
                }
                catch
                {
                    ReserveEdgeThread(-1);
                    _controller.ClosePin(pin);
                    throw;
                }
            }

            return new DeviceGpioLine(this, _controller, offset, pin, handler);
        });

    public void Dispose()
    {
        DeviceGpioLine[] open;
        lock (Gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            open = [.. _lines];
        }

        foreach (var line in open)
        {
            line.Dispose();
        }

        _controller.Dispose();
    }

    /// <summary>
    /// The libgpiod v1 driver watches each edge-detecting line with a loop around <c>gpiod_line_event_wait</c> inside
    /// <c>Task.Run</c>, so the loop holds a thread-pool thread for as long as the line is open. Raising the pool's minimum by
    /// one per watched line keeps those loops from starving timers and request handling (on a 2-core machine two LED lines
    /// would otherwise take both minimum threads and every delay would wait for the pool's slow thread injection).
    /// </summary>
    internal static void ReserveEdgeThread(int delta)
    {
        lock (ThreadReservationGate)
        {
            ThreadPool.GetMinThreads(out var workers, out var completionPorts);
            ThreadPool.SetMinThreads(Math.Max(1, workers + delta), completionPorts);
        }
    }

    internal void Forget(DeviceGpioLine line)
    {
        lock (Gate)
        {
            _lines.Remove(line);
        }
    }

    internal GpioException Failure(string what, int offset, Exception inner) =>
        new($"GPIO {what} of line {offset} on {ChipPath} ({Driver}) failed: {inner.Message}", inner);

    private DeviceGpioLine Open(int offset, Func<int, DeviceGpioLine> open)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        lock (Gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_lines.Any(open => open.Offset == offset))
            {
                // GpioController would silently re-request the line (an output would turn into an input).
                throw new GpioException($"GPIO line {offset} on {ChipPath} is already requested through this chip.");
            }

            DeviceGpioLine line;
            try
            {
                line = open(_pinOf(offset));
            }
            catch (Exception exception) when (exception is not GpioException and not OutOfMemoryException)
            {
                throw Failure("request", offset, exception);
            }

            _lines.Add(line);
            return line;
        }
    }

    private void OnEdge(int offset, Action<bool> onEdge, PinValueChangedEventArgs args)
    {
        try
        {
            onEdge(args.ChangeType == PinEventTypes.Rising);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // An exception escaping into the driver's event thread would end the process.
            GpioLog.EdgeCallbackFailed(_logger, offset, ChipPath, exception);
        }
    }
}
