namespace KvmPortal.Hardware.Hid;

/// <summary>Which keyboard/mouse backend to use.</summary>
public enum HidBackend
{
    /// <summary>No keyboard or mouse output; every call is ignored.</summary>
    Disabled,

    /// <summary>Reports go to the simulated target server.</summary>
    Simulated,

    /// <summary>Reports are written to the USB gadget's /dev/hidgN devices.</summary>
    UsbGadget,

    /// <summary>PiKVM's Arduino/Pico HID firmware over a serial port.</summary>
    Serial,

    /// <summary>A QEMU VM driven through QMP (the Qemu hardware profile, <c>KvmPortal:Qemu</c>).</summary>
    Qemu,
}
