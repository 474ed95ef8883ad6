namespace KvmPortal.Hardware.Wol;

/// <summary>Which Wake-on-LAN implementation runs.</summary>
public enum WolBackend
{
    /// <summary>Wake-on-LAN is off; sending fails.</summary>
    Disabled,

    /// <summary>A magic packet over UDP (IPv4 broadcast or unicast, or IPv6).</summary>
    Udp,

    /// <summary>Wakes the simulated target server (presses its power button when it is off).</summary>
    Simulated,
}
