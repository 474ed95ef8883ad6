using System.Threading.Channels;
using KvmPortal.Hardware.Health;
using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Hid;

/// <summary>
/// The Serial backend: PiKVM's Arduino/Pico HID firmware over a UART. Calls queue 8-byte frames (never blocking); one thread writes
/// each frame and reads the answer (bad CRC → REPEAT, up to 5 tries), and pings every 100 ms when idle to learn LEDs and host state.
/// </summary>
internal sealed class SerialHidOutput : HidOutputBase, IHidOutput, IDisposable, IWatchedService
{
    private const int ResponseTimeoutMs = 100;
    private readonly Channel<byte[]> _queue;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private MouseButtons _buttons;
    private readonly SerialMcuPort _port;
    private readonly HeartbeatLane _lane;

    public SerialHidOutput(HidOptions options, TimeProvider time, ILogger<SerialHidOutput> logger)
        : base(new HidState(HidBackend.Serial, Online: false, HostConnected: false, KeyboardLeds.None), time)
    {
        _logger = logger;
        _port = new SerialMcuPort(options.SerialDevice, options.SerialBaudRate, time, logger);
        Heartbeat = new ServiceHeartbeat("hid", time);
        _lane = Heartbeat.AddLane("serial");
        _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(Math.Max(1, options.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        _thread = new Thread(Run) { IsBackground = true, Name = "hid serial" };
        _thread.Start();
    }

    public ServiceHeartbeat Heartbeat { get; }

    public bool SendKey(string code, bool pressed)
    {
        if (!HidKeyTable.TryGet(code, out var key))
        {
            return false;
        }

        if (key.McuCode != 0)
        {
            Send(McuProtocol.KeyFrame(key.McuCode, pressed));
        }

        return true;
    }

    public void SendMouseButton(MouseButtons button, bool pressed)
    {
        lock (Gate)
        {
            _buttons = pressed ? _buttons | button : _buttons & ~button;
            Send(McuProtocol.MouseButtonFrame(button, _buttons));
        }
    }

    public void SendAbsoluteMove(int x, int y)
    {
        lock (Gate)
        {
            Position = (Math.Clamp(x, 0, MouseReports.AbsoluteMax), Math.Clamp(y, 0, MouseReports.AbsoluteMax));
            Send(McuProtocol.MouseMoveFrame((Position.X * 2) - 32768, (Position.Y * 2) - 32768));
        }
    }

    public void SendRelativeMove(int dx, int dy)
    {
        foreach (var (sx, sy) in MouseReports.Squash(dx, dy))
        {
            Send(McuProtocol.RelativeFrame(sx, sy));
        }
    }

    public void SendWheel(int vertical, int horizontal)
    {
        if (vertical != 0)
        {
            Send(McuProtocol.WheelFrame(vertical));
        }
    }

    public void ReleaseAll()
    {
        lock (Gate)
        {
            _buttons = MouseButtons.None;
        }

        Send(McuProtocol.Frame(McuProtocol.ClearHid));
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(2));
        _port.Dispose();
        _stop.Dispose();
    }

    private void Send(byte[] frame)
    {
        NoteInput();
        _queue.Writer.TryWrite(frame);
    }

    private void Run()
    {
        var ping = McuProtocol.Frame(McuProtocol.Ping);
        while (!_stop.IsCancellationRequested)
        {
            _lane.Enter();
            var open = _port.IsOpen || _port.TryOpen();
            _lane.Exit();
            if (!open)
            {
                UpdateState(s => s with { Online = false, HostConnected = false });
                _stop.Token.WaitHandle.WaitOne(1000);
                continue;
            }

            byte[] frame;
            if (!_queue.Reader.TryRead(out frame!))
            {
                try
                {
                    using var idle = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                    idle.CancelAfter(100);
                    _queue.Reader.WaitToReadAsync(idle.Token).AsTask().GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                    // idle: ping
                }

                if (!_queue.Reader.TryRead(out frame!))
                {
                    frame = ping;
                }
            }

            _lane.Enter();
            try
            {
                Exchange(frame);
            }
            finally
            {
                _lane.Exit();
            }
        }
    }

    private void Exchange(byte[] frame)
    {
        var request = frame;
        for (var attempt = 0; attempt < 5 && !_stop.IsCancellationRequested; attempt++)
        {
            var response = _port.Transfer(request, ResponseTimeoutMs, out var corrupt);
            if (response is { IsCrcError: false } ok)
            {
                UpdateState(s => s with
                {
                    Online = true,
                    Leds = ok.IsPong ? ok.Leds : s.Leds,
                    HostConnected = ok.IsPong ? !ok.HostOffline : s.HostConnected,
                });
                return;
            }

            // A corrupt answer: ask the MCU to repeat it. No answer, or the MCU saw a bad CRC: send the request again
            // (a REPEAT there would return the previous command's answer and hide a lost request).
            request = corrupt ? McuProtocol.Frame(McuProtocol.Repeat) : frame;
        }

        UpdateState(s => s with { Online = false, HostConnected = false });
    }
}
