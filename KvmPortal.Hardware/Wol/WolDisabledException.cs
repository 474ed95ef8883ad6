namespace KvmPortal.Hardware.Wol;

/// <summary>Wake-on-LAN is disabled in the configuration.</summary>
public sealed class WolDisabledException : InvalidOperationException
{
    /// <summary>Initializes a new instance of the <see cref="WolDisabledException"/> class.</summary>
    public WolDisabledException()
        : base("Wake-on-LAN is disabled.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WolDisabledException"/> class.</summary>
    public WolDisabledException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WolDisabledException"/> class.</summary>
    public WolDisabledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
