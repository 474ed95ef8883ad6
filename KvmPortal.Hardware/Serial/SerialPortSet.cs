namespace KvmPortal.Hardware.Serial;

/// <summary>The ports of the Simulated or Device backend.</summary>
public sealed class SerialPortSet : ISerialPorts, IAsyncDisposable
{
    private readonly SerialConsoleBase[] _ports;
    private int _started;
    private IDisposable? _watch;

    public SerialPortSet(IEnumerable<SerialConsoleBase> ports)
    {
        ArgumentNullException.ThrowIfNull(ports);
        _ports = [.. ports];
    }

    /// <inheritdoc/>
    public bool Enabled => true;

    /// <inheritdoc/>
    public IReadOnlyList<ISerialConsole> Ports => _ports;

    /// <inheritdoc/>
    public ISerialConsole? Find(string name) => _ports.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc/>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            foreach (var port in _ports)
            {
                port.Start();
            }
        }
    }

    /// <summary>
    /// Applies changed line settings of the configured ports at run time (matched by name; a port added, removed or renamed needs a
    /// restart). Returns the names of the ports that were reconfigured.
    /// </summary>
    public IReadOnlyList<string> ApplyLineSettings(SerialOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var changed = new List<string>();
        foreach (var wanted in options.Ports)
        {
            if (Find(wanted.Name) is DeviceSerialConsole device && device.ApplyLineSettings(wanted))
            {
                changed.Add(device.Name);
            }
        }

        return changed;
    }

    /// <summary>Follows configuration changes (the settings page) with <see cref="ApplyLineSettings"/> until disposed.</summary>
    internal void Watch(Microsoft.Extensions.Options.IOptionsMonitor<SerialOptions> monitor) =>
        _watch = monitor.OnChange((o, _) => ApplyLineSettings(o));

    public async ValueTask DisposeAsync()
    {
        _watch?.Dispose();
        foreach (var port in _ports)
        {
            await port.DisposeAsync();
        }
    }
}
