using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Serial;

/// <summary>
/// A real port: a tty through System.IO.Ports, or a <c>unix:</c> socket. A background loop opens the device, pumps what it sends to the
/// log and the subscribers, and when the device fails or disappears (a USB adapter unplugged, a gadget unbound, QEMU restarted) closes it
/// and retries every <see cref="SerialOptions.ReopenIntervalMs"/> until it is back.
/// </summary>
public sealed class DeviceSerialConsole : SerialConsoleBase
{
    private SerialPortOptions _port;
    private readonly TimeSpan _reopen;
    private readonly TimeSpan _break;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private ISerialLink? _link;
    private Task _loop = Task.CompletedTask;

    public DeviceSerialConsole(SerialPortOptions port, SerialOptions options, SerialRingLog log, TimeProvider time, ILogger<DeviceSerialConsole> logger)
        : base(port?.Name ?? throw new ArgumentNullException(nameof(port)), port.Device, port.Describe(), log, time, logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _port = port;
        _reopen = TimeSpan.FromMilliseconds(options.ReopenIntervalMs);
        _break = TimeSpan.FromMilliseconds(options.BreakMs);
    }

    /// <summary>
    /// Applies new line settings (baud rate, data bits, parity, stop bits, flow control) at run time: the device is closed and reopened
    /// with them by the retry loop. Name and device stay. Returns false when nothing changed.
    /// </summary>
    public bool ApplyLineSettings(SerialPortOptions wanted)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        var current = Volatile.Read(ref _port);
        if (wanted.BaudRate == current.BaudRate && wanted.DataBits == current.DataBits && wanted.Parity == current.Parity &&
            wanted.StopBits == current.StopBits && wanted.FlowControl == current.FlowControl)
        {
            return false;
        }

        var next = new SerialPortOptions
        {
            Name = current.Name, Device = current.Device, LogSizeBytes = current.LogSizeBytes,
            BaudRate = wanted.BaudRate, DataBits = wanted.DataBits, Parity = wanted.Parity, StopBits = wanted.StopBits, FlowControl = wanted.FlowControl,
        };
        Volatile.Write(ref _port, next);
        var settings = next.Describe();
        SetSettings(settings);
        SerialLog.Reconfigured(Logger, Name, settings);
        Interlocked.Exchange(ref _link, null)?.Dispose(); // the pump ends; the loop reopens with the new settings
        return true;
    }

    /// <inheritdoc/>
    public override void Start()
    {
        if (_loop.IsCompleted)
        {
            _loop = Task.Run(() => RunAsync(_stop.Token));
        }
    }

    /// <inheritdoc/>
    public override async Task<bool> SendBreakAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var link = Volatile.Read(ref _link) ?? throw new SerialUnavailableException(State.Detail ?? "The serial port is not connected.");
            var sent = await link.BreakAsync(_break, Time, cancellationToken);
            if (sent)
            {
                SerialLog.BreakSent(Logger, Name);
            }

            return sent;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
            throw new SerialUnavailableException("The serial port failed: " + ex.Message, ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc/>
    protected override async ValueTask WriteCoreAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var link = Volatile.Read(ref _link) ?? throw new SerialUnavailableException(State.Detail ?? "The serial port is not connected.");
            await link.Stream.WriteAsync(data, cancellationToken);
            await link.Stream.FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException or TimeoutException or SocketException)
        {
            throw new SerialUnavailableException("The serial port failed: " + ex.Message, ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc/>
    protected override async ValueTask StopCoreAsync()
    {
        await _stop.CancelAsync();
        Interlocked.Exchange(ref _link, null)?.Dispose();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

        _stop.Dispose();
        _writeLock.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        string? lastFailure = null;
        while (!stop.IsCancellationRequested)
        {
            ISerialLink link;
            try
            {
                link = await OpenAsync(stop);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SocketException or ArgumentException or InvalidOperationException)
            {
                if (ex.Message != lastFailure)
                {
                    SerialLog.OpenFailed(Logger, Name, _port.Device, ex.Message);
                    lastFailure = ex.Message;
                }

                SetState(false, $"Cannot open {_port.Device}: {ex.Message}");
                await Task.Delay(_reopen, Time, stop);
                continue;
            }

            lastFailure = null;
            Volatile.Write(ref _link, link);
            SerialLog.Opened(Logger, Name, _port.Device, State.Settings);
            SetState(true, null);
            var reason = await PumpAsync(link, stop);
            Interlocked.CompareExchange(ref _link, null, link);
            link.Dispose();
            if (stop.IsCancellationRequested)
            {
                return;
            }

            SerialLog.Lost(Logger, Name, _port.Device, reason);
            SetState(false, $"{_port.Device}: {reason}; reconnecting");
            await Task.Delay(_reopen, Time, stop);
        }
    }

    private async Task<ISerialLink> OpenAsync(CancellationToken stop)
    {
        if (_port.Device.StartsWith(UnixSocketSerialLink.Prefix, StringComparison.Ordinal))
        {
            return await UnixSocketSerialLink.ConnectAsync(_port.Device, stop);
        }

        if (!File.Exists(_port.Device))
        {
            throw new IOException("the device is not present");
        }

        return TtySerialLink.Open(Volatile.Read(ref _port));
    }

    /// <summary>Reads until the link fails, ends or its device node disappears; returns why.</summary>
    private async Task<string> PumpAsync(ISerialLink link, CancellationToken stop)
    {
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var watch = WatchPresenceAsync(link, gone);
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var read = await link.Stream.ReadAsync(buffer, gone.Token);
                if (read == 0)
                {
                    return "end of stream";
                }

                Publish(buffer.AsSpan(0, read));
            }
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            return "the device disappeared";
        }
        catch (OperationCanceledException)
        {
            return "stopped";
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException or SocketException or TimeoutException)
        {
            return ex.Message;
        }
        finally
        {
            await gone.CancelAsync();
            await watch;
        }
    }

    /// <summary>Cancels <paramref name="gone"/> when the device node goes away (some drivers leave a read pending on hang-up).</summary>
    private async Task WatchPresenceAsync(ISerialLink link, CancellationTokenSource gone)
    {
        try
        {
            while (!gone.IsCancellationRequested)
            {
                await Task.Delay(_reopen, Time, gone.Token);
                if (!link.Present)
                {
                    await gone.CancelAsync();
                    link.Dispose();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the pump ended
        }
    }
}
