namespace KvmPortal.Hardware.Serial;

/// <summary>An open connection to a port's device: a tty or a unix socket.</summary>
internal interface ISerialLink : IDisposable
{
    /// <summary>Gets the byte stream both ways.</summary>
    Stream Stream { get; }

    /// <summary>Gets a value indicating whether the device node behind the link is still there (a socket: always true).</summary>
    bool Present { get; }

    /// <summary>Holds a break for <paramref name="duration"/>; false when the link cannot.</summary>
    Task<bool> BreakAsync(TimeSpan duration, TimeProvider time, CancellationToken cancellationToken);
}
