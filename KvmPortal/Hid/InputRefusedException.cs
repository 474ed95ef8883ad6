using KvmPortal.Api;

namespace KvmPortal.Hid;

/// <summary>Thrown by the gate's multi-event operations (paste, shortcut, reset) when the client may not send input now.</summary>
public sealed class InputRefusedException : Exception, IApiError
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

    /// <summary>Gets 409: the request is fine but this client may not send input now.</summary>
    public int StatusCode => 409;

    public string ErrorName => "InputRefusedError";
}
