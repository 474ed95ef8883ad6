namespace KvmPortal.Hardware.Serial;

/// <summary>
/// One serial port: what it sends goes to its on-disk log and to every subscriber (the web terminals, later IPMI Serial-over-LAN);
/// input is written to it as bytes. The caller decides who may write (the web app's input rules); this layer only moves bytes.
/// </summary>
public interface ISerialConsole
{
    /// <summary>Raised when the port connects, disconnects or its detail text changes.</summary>
    event EventHandler<SerialPortState>? StateChanged;

    /// <summary>Gets the port's name.</summary>
    string Name { get; }

    /// <summary>Gets the current state.</summary>
    SerialPortState State { get; }

    /// <summary>Gets the port's log on disk.</summary>
    SerialRingLog Log { get; }

    /// <summary>Gets the number of bytes received from the port since start.</summary>
    long BytesReceived { get; }

    /// <summary>Gets the number of bytes written to the port since start.</summary>
    long BytesSent { get; }

    /// <summary>
    /// Subscribes to the output: the subscription's <see cref="SerialSubscription.Tail"/> holds the last <paramref name="tailBytes"/>
    /// from the log and its reader everything received after it, with no gap and no overlap. Dispose it to stop.
    /// </summary>
    SerialSubscription Subscribe(int tailBytes);

    /// <summary>Writes <paramref name="data"/> to the port.</summary>
    /// <exception cref="SerialUnavailableException">The port is not connected.</exception>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Holds the line in the break state for the configured time.</summary>
    /// <returns>False when this port cannot send a break (a socket).</returns>
    /// <exception cref="SerialUnavailableException">The port is not connected.</exception>
    Task<bool> SendBreakAsync(CancellationToken cancellationToken);
}
