namespace KvmPortal.Vnc;

/// <summary>A client broke the protocol (unknown message, impossible length); the session ends with this reason.</summary>
public sealed class VncProtocolException : Exception
{
    public VncProtocolException()
    {
    }

    public VncProtocolException(string message)
        : base(message)
    {
    }

    public VncProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
