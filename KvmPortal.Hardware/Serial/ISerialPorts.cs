namespace KvmPortal.Hardware.Serial;

/// <summary>The serial console subsystem: the configured ports, each an <see cref="ISerialConsole"/>.</summary>
public interface ISerialPorts
{
    /// <summary>Gets a value indicating whether serial consoles are switched on (false for the Disabled backend).</summary>
    bool Enabled { get; }

    /// <summary>Gets the ports in configuration order.</summary>
    IReadOnlyList<ISerialConsole> Ports { get; }

    /// <summary>Returns the port named <paramref name="name"/> (case-insensitive), or null.</summary>
    ISerialConsole? Find(string name);

    /// <summary>Starts every port's background work (opening devices, retrying them); called once by the host.</summary>
    void Start();
}
