namespace KvmPortal.Options;

/// <summary>Which family of hardware backends KvmPortal uses.</summary>
public enum HardwareProfile
{
    /// <summary>No hardware: a simulated target server (the default, and what tests drive).</summary>
    Simulated,

    /// <summary>A Raspberry Pi with the USB gadget, V4L2 capture and GPIO.</summary>
    Pi,
}
