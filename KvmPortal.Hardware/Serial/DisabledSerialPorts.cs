namespace KvmPortal.Hardware.Serial;

/// <summary>Serial consoles switched off: no ports.</summary>
public sealed class DisabledSerialPorts : ISerialPorts
{
    /// <inheritdoc/>
    public bool Enabled => false;

    /// <inheritdoc/>
    public IReadOnlyList<ISerialConsole> Ports { get; } = [];

    /// <inheritdoc/>
    public ISerialConsole? Find(string name) => null;

    /// <inheritdoc/>
    public void Start()
    {
    }
}
