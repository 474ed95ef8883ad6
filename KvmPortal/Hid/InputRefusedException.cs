namespace KvmPortal.Hid;

/// <summary>Thrown by the gate's multi-event operations (paste, shortcut, reset) when the client may not send input now.</summary>
public sealed class InputRefusedException : Exception
{
    public InputRefusedException()
    {
    }

    public InputRefusedException(string message)
        : base(message)
    {
    }

    public InputRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
