namespace KvmPortal.Hardware.Serial;

/// <summary>Serial console settings (configuration section <c>KvmPortal:Serial</c>).</summary>
public sealed class SerialOptions
{
    /// <summary>Gets or sets the backend.</summary>
    public SerialBackend Backend { get; set; } = SerialBackend.Simulated;

    /// <summary>Gets the ports of the Device backend.</summary>
    public IList<SerialPortOptions> Ports { get; } = [];

    /// <summary>Gets or sets the name of the Simulated backend's port.</summary>
    public string SimulatedPortName { get; set; } = "console";

    /// <summary>Gets or sets the folder of the per-port logs (default: <c>serial</c> in the data directory).</summary>
    public string LogDirectory { get; set; } = "";

    /// <summary>Gets or sets the default bound of a port's log on disk, in bytes (both ring segments together).</summary>
    public long LogSizeBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>Gets or sets how often a missing or failed device is retried, in milliseconds.</summary>
    public int ReopenIntervalMs { get; set; } = 1000;

    /// <summary>Gets or sets the pause between lines of a paste (or any input of several lines), in milliseconds: a serial console
    /// without flow control drops characters when a whole script arrives at once.</summary>
    public int PasteLineDelayMs { get; set; } = 50;

    /// <summary>Gets or sets the pause between characters of one input message (a paste), in milliseconds; 0 sends a line at once.
    /// For consoles that drop characters even within a line (a BIOS or boot loader polling a UART without a FIFO).</summary>
    public int PasteCharDelayMs { get; set; }

    /// <summary>Gets or sets the most input bytes one terminal may have waiting (a larger paste is refused).</summary>
    public int MaxPendingInputBytes { get; set; } = 64 * 1024;

    /// <summary>Gets or sets how long "send break" holds the line in the break state, in milliseconds.</summary>
    public int BreakMs { get; set; } = 250;
}
