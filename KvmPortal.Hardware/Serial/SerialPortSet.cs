namespace KvmPortal.Hardware.Serial;

/// <summary>The ports of the Simulated or Device backend.</summary>
public sealed class SerialPortSet : ISerialPorts, IAsyncDisposable
{
    private readonly SerialConsoleBase[] _ports;
    private int _started;

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

    public async ValueTask DisposeAsync()
    {
        foreach (var port in _ports)
        {
            await port.DisposeAsync();
        }
    }
}
