using KvmPortal.Hardware.Health;
using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Hid;

/// <summary>
/// The UsbGadget backend: keyboard, absolute and relative mouse reports to /dev/hidg0..2 through one <see cref="HidgWriter"/> each,
/// the LED output report read back from the keyboard device, and the host state from write outcomes plus
/// <c>/sys/class/udc/&lt;udc&gt;/state</c> (polled every second; "configured" = host connected).
/// </summary>
internal sealed class UsbGadgetHidOutput : ReportHidOutput, IDisposable, IWatchedService
{
    private readonly HidgWriter _keyboard;
    private readonly HidgWriter _absolute;
    private readonly HidgWriter? _relative;
    private readonly HidgLedReader? _leds;
    private readonly ITimer _udcTimer;
    private readonly string? _udcStatePath;
    private readonly ILogger _logger;
    private bool? _udcConfigured;
    private volatile bool _writeOk = true;

    public UsbGadgetHidOutput(HidOptions options, TimeProvider time, ILogger<UsbGadgetHidOutput> logger, bool readLeds = true)
        : base(HidBackend.UsbGadget, time)
    {
        _logger = logger;
        Heartbeat = new ServiceHeartbeat("hid", time);
        _keyboard = CreateWriter(options.KeyboardDevice, options, time);
        _absolute = CreateWriter(options.AbsoluteMouseDevice, options, time);
        _relative = string.IsNullOrEmpty(options.RelativeMouseDevice) ? null : CreateWriter(options.RelativeMouseDevice, options, time);
        if (readLeds)
        {
            _leds = new HidgLedReader(options.KeyboardDevice, leds => UpdateState(s => s with { Leds = leds }));
        }

        _udcStatePath = FindUdcStatePath(options);
        PollUdc();
        _udcTimer = time.CreateTimer(_ => PollUdc(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>Raised on a writer thread after each write attempt (timings in TimeProvider timestamp units).</summary>
    internal event Action<HidWriteResult>? WriteCompleted;

    public ServiceHeartbeat Heartbeat { get; }

    protected override bool HasRelativeMouse => _relative is not null;

    public void Dispose()
    {
        _udcTimer.Dispose();
        _leds?.Dispose();
        _keyboard.Dispose();
        _absolute.Dispose();
        _relative?.Dispose();
    }

    /// <summary>Finds <c>&lt;sysfs&gt;/class/udc/&lt;udc&gt;/state</c> for the configured or first UDC, or null when there is none.</summary>
    internal static string? FindUdcStatePath(HidOptions options)
    {
        var classDir = Path.Combine(options.SysfsRoot, "class", "udc");
        var udc = options.Udc;
        if (string.IsNullOrEmpty(udc))
        {
            if (!Directory.Exists(classDir))
            {
                return null;
            }

            udc = Directory.GetFileSystemEntries(classDir).Select(Path.GetFileName).Order(StringComparer.Ordinal).FirstOrDefault();
        }

        return string.IsNullOrEmpty(udc) ? null : Path.Combine(classDir, udc, "state");
    }

    protected override void EmitKeyboard(byte[] report) => _keyboard.Enqueue(report);

    protected override void EmitAbsolute(byte[] report) => _absolute.Enqueue(report);

    protected override void EmitRelative(byte[] report) => _relative?.Enqueue(report);

    private HidgWriter CreateWriter(string path, HidOptions options, TimeProvider time)
    {
        var writer = new HidgWriter(path, options.WriteTimeoutMs, options.QueueCapacity, time, _logger, Heartbeat.AddLane(Path.GetFileName(path)));
        writer.Written += result =>
        {
            _writeOk = result.Succeeded;
            Refresh(deviceOpen: result.DeviceOpen);
            WriteCompleted?.Invoke(result);
        };
        return writer;
    }

    private void PollUdc()
    {
        if (_udcStatePath is null)
        {
            return;
        }

        bool configured;
        try
        {
            // An empty 'function' means no gadget is bound (dummy_udc keeps a stale "configured" state after an unbind).
            var function = Path.Combine(Path.GetDirectoryName(_udcStatePath)!, "function");
            configured = File.ReadAllText(_udcStatePath).Trim() == "configured" &&
                (!File.Exists(function) || File.ReadAllText(function).Trim().Length > 0);
        }
        catch (IOException)
        {
            configured = false;
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }

        if (configured && _udcConfigured == false)
        {
            _writeOk = true; // a fresh enumeration: give the writers a new chance
        }

        _udcConfigured = configured;
        Refresh(deviceOpen: null);
    }

    private void Refresh(bool? deviceOpen)
    {
        var connected = _writeOk && _udcConfigured != false;
        foreach (var writer in new[] { _keyboard, _absolute, _relative })
        {
            if (writer is not null)
            {
                writer.HostAbsent = !connected;
            }
        }

        var before = State.HostConnected;
        UpdateState(s => s with { HostConnected = connected, Online = deviceOpen ?? s.Online });
        if (before != connected)
        {
            HidLog.HostConnection(_logger, connected);
        }
    }
}
