using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Simulation;

/// <summary>
/// The simulated target server that every Simulated backend shares: a power state driven by the ATX buttons, a text console that boots
/// "from" the attached virtual media and echoes typed keys decoded from HID reports, a mouse pointer, and a rendered screen.
/// Deterministic (all delays come from the injected <see cref="TimeProvider"/>) and thread-safe.
/// </summary>
public sealed partial class SimulatedTarget : ISimulatedDisplay, ISimulatedHidSink, ISimulatedMediaSink, IDisposable
{
    private const byte LedNumLock = 0x01;

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ILogger<SimulatedTarget> _logger;
    private readonly SimulationOptions _options;
    private readonly TextConsole _console;
    private bool _poweredOn;
    private bool _shuttingDown;
    private bool _powerButtonDown;
    private bool _powerPressConsumed;
    private bool _resetButtonDown;
    private bool _hddLed;
    private long _frameVersion = 1;
    private long _bootCount;
    private string? _mediaName;
    private bool _mediaCdrom;
    private ITimer? _forceOffTimer;
    private ITimer? _shutdownTimer;
    private ITimer? _hddTimer;

    /// <summary>Initializes a new instance of the <see cref="SimulatedTarget"/> class.</summary>
    public SimulatedTarget(IOptions<SimulationOptions> options, TimeProvider timeProvider, ILogger<SimulatedTarget>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Columns, 20, "KvmPortal:Simulation:Columns");
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Rows, 5, "KvmPortal:Simulation:Rows");
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.ScreenWidth, _options.Columns * 4, "KvmPortal:Simulation:ScreenWidth");
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.ScreenHeight, _options.Rows * 8, "KvmPortal:Simulation:ScreenHeight");
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? NullLogger<SimulatedTarget>.Instance;
        _console = new TextConsole(_options.Columns, _options.Rows);
        Width = _options.ScreenWidth;
        Height = _options.ScreenHeight;
        _pointerX = Width / 2;
        _pointerY = Height / 2;
        (_cellStartX, _maskOfX) = MapColumns(Width, _options.Columns);
        (_rowOfY, _glyphRowOfY) = MapAxis(Height, _options.Rows, ConsoleFont.GlyphHeight);
    }

    /// <summary>Raised after the power state, an LED or the media changes (outside the internal lock).</summary>
    public event EventHandler? StateChanged;

    /// <summary>Gets a value indicating whether the target is powered on.</summary>
    public bool IsPoweredOn
    {
        get
        {
            lock (_gate)
            {
                return _poweredOn;
            }
        }
    }

    /// <summary>Gets a value indicating whether the simulated OS is shutting down after a short power-button press.</summary>
    public bool IsShuttingDown
    {
        get
        {
            lock (_gate)
            {
                return _shuttingDown;
            }
        }
    }

    /// <summary>Gets the power LED (lit while powered on).</summary>
    public bool PowerLed => IsPoweredOn;

    /// <summary>Gets the HDD LED (lit while the target reads its boot media).</summary>
    public bool HddLed
    {
        get
        {
            lock (_gate)
            {
                return _hddLed;
            }
        }
    }

    /// <summary>Gets how many times the target has booted (power-on or reset).</summary>
    public long BootCount
    {
        get
        {
            lock (_gate)
            {
                return _bootCount;
            }
        }
    }

    /// <summary>Gets the name of the attached virtual media image, or null.</summary>
    public string? MediaName
    {
        get
        {
            lock (_gate)
            {
                return _mediaName;
            }
        }
    }

    /// <summary>Gets the console text: one line per row, trailing blanks and trailing empty rows removed, joined with '\n'.</summary>
    public string ScreenText
    {
        get
        {
            lock (_gate)
            {
                return _console.GetText();
            }
        }
    }

    /// <summary>Gets every console row (trailing blanks removed).</summary>
    public IReadOnlyList<string> ScreenLines
    {
        get
        {
            lock (_gate)
            {
                return _console.GetLines();
            }
        }
    }

    /// <summary>Gets the console size in character cells.</summary>
    public (int Columns, int Rows) ConsoleSize => (_console.Columns, _console.Rows);

    /// <summary>Gets the cursor position in character cells.</summary>
    public (int Column, int Row) Cursor
    {
        get
        {
            lock (_gate)
            {
                return (_console.CursorColumn, _console.CursorRow);
            }
        }
    }

    /// <inheritdoc/>
    public void MediaChanged(string? imageName, bool cdrom, bool readOnly)
    {
        lock (_gate)
        {
            _mediaName = imageName;
            _mediaCdrom = cdrom;
            if (_poweredOn)
            {
                NoticeLocked(imageName is null ? "[media] ejected" : $"[media] {imageName} inserted ({DriveKind(cdrom)}); reset to boot from it");
            }
        }

        OnStateChanged();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            Replace(ref _forceOffTimer, null);
            Replace(ref _shutdownTimer, null);
            Replace(ref _hddTimer, null);
        }
    }

    private static TimeSpan Ms(int milliseconds) => TimeSpan.FromMilliseconds(Math.Max(0, milliseconds));

    private static string DriveKind(bool cdrom) => cdrom ? "CD-ROM" : "USB flash";

    private static void Replace(ref ITimer? slot, ITimer? timer)
    {
        slot?.Dispose();
        slot = timer;
    }

    private void Touch() => _frameVersion++;

    private void OnStateChanged() => StateChanged?.Invoke(this, EventArgs.Empty);
}
