namespace KvmPortal.Hardware.Serial;

/// <summary>The serial port is not connected (device missing, target powered off, socket closed).</summary>
public sealed class SerialUnavailableException : Exception
{
    public SerialUnavailableException()
        : base("The serial port is not connected.")
    {
    }

    public SerialUnavailableException(string message)
        : base(message)
    {
    }

    public SerialUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
