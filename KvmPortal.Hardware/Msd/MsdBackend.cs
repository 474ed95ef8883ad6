namespace KvmPortal.Hardware.Msd;

/// <summary>Which mass-storage drive implementation runs.</summary>
public enum MsdBackend
{
    /// <summary>Keeps the drive state and tells the simulated target server (the default profile).</summary>
    Simulated,

    /// <summary>The USB gadget's mass_storage LUN in configfs (Raspberry Pi).</summary>
    UsbGadget,

    /// <summary>No drive; every drive operation is refused.</summary>
    Disabled,

    /// <summary>A QEMU VM driven through QMP (the Qemu hardware profile, <c>KvmPortal:Qemu</c>).</summary>
    Qemu,
}
