namespace KvmPortal.Hardware.Serial;

/// <summary>Which serial console implementation runs.</summary>
public enum SerialBackend
{
    /// <summary>No serial ports.</summary>
    Disabled,

    /// <summary>One port wired to the simulated target's serial console (a boot log, a login prompt and a tiny shell).</summary>
    Simulated,

    /// <summary>The configured ports: tty devices through System.IO.Ports, or <c>unix:/path</c> sockets (QEMU's <c>-serial unix:</c>).</summary>
    Device,
}
