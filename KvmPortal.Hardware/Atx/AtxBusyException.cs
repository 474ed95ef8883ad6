namespace KvmPortal.Hardware.Atx;

/// <summary>Another ATX action is in progress (the API answers 409 Conflict).</summary>
public sealed class AtxBusyException : InvalidOperationException
{
    /// <summary>Initializes a new instance of the <see cref="AtxBusyException"/> class.</summary>
    public AtxBusyException()
        : base("Performing another ATX operation, please try again later.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AtxBusyException"/> class.</summary>
    public AtxBusyException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AtxBusyException"/> class.</summary>
    public AtxBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
