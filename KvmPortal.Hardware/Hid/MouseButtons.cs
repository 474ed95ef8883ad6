namespace KvmPortal.Hardware.Hid;

/// <summary>Mouse buttons as bits of the first report byte.</summary>
[Flags]
public enum MouseButtons
{
    /// <summary>No button.</summary>
    None = 0,

    /// <summary>Left button.</summary>
    Left = 0x01,

    /// <summary>Right button.</summary>
    Right = 0x02,

    /// <summary>Middle button.</summary>
    Middle = 0x04,

    /// <summary>Back (PiKVM's "up").</summary>
    Back = 0x08,

    /// <summary>Forward (PiKVM's "down").</summary>
    Forward = 0x10,
}
