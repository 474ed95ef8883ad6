namespace KvmPortal.Hardware.Atx;

/// <summary>ATX control is disabled in the configuration.</summary>
public sealed class AtxDisabledException : InvalidOperationException
{
    /// <summary>Initializes a new instance of the <see cref="AtxDisabledException"/> class.</summary>
    public AtxDisabledException()
        : base("ATX control is disabled.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AtxDisabledException"/> class.</summary>
    public AtxDisabledException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AtxDisabledException"/> class.</summary>
    public AtxDisabledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
