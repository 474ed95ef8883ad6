namespace KvmPortal.Hardware.Hid;

/// <summary>Keyboard and mouse settings (configuration section <c>KvmPortal:Hid</c>).</summary>
public sealed class HidOptions
{
    /// <summary>Gets or sets the backend.</summary>
    public HidBackend Backend { get; set; } = HidBackend.Simulated;

    /// <summary>Gets or sets the keyboard gadget device.</summary>
    public string KeyboardDevice { get; set; } = "/dev/hidg0";

    /// <summary>Gets or sets the absolute-mouse gadget device.</summary>
    public string AbsoluteMouseDevice { get; set; } = "/dev/hidg1";

    /// <summary>Gets or sets the relative-mouse gadget device (empty: no relative mouse).</summary>
    public string RelativeMouseDevice { get; set; } = "/dev/hidg2";

    /// <summary>Gets or sets the sysfs root (for <c>class/udc/&lt;udc&gt;/state</c>).</summary>
    public string SysfsRoot { get; set; } = "/sys";

    /// <summary>Gets or sets the UDC name whose state tells whether the host is connected (empty: the first in sysfs class/udc).</summary>
    public string Udc { get; set; } = "";

    /// <summary>Gets or sets how long a write may wait for the host before the report is dropped (milliseconds, capped at 100;
    /// the default leaves a margin so that a write always returns within 100 ms).</summary>
    public int WriteTimeoutMs { get; set; } = 80;

    /// <summary>Gets or sets the per-device queue length; when full the oldest report is dropped.</summary>
    public int QueueCapacity { get; set; } = 256;

    /// <summary>Gets or sets the serial device of PiKVM's HID firmware.</summary>
    public string SerialDevice { get; set; } = "/dev/kvmd-hid";

    /// <summary>Gets or sets the serial speed (baud).</summary>
    public int SerialBaudRate { get; set; } = 115200;

    /// <summary>Gets or sets a value indicating whether the mouse jiggler runs.</summary>
    public bool JigglerEnabled { get; set; }

    /// <summary>Gets or sets the jiggler interval in seconds (randomised by ±25 %).</summary>
    public int JigglerIntervalSeconds { get; set; } = 60;

    /// <summary>Gets or sets the delay between reports when typing pasted text (milliseconds).</summary>
    public int PasteKeyDelayMs { get; set; } = 20;

    /// <summary>Gets or sets the keymap used for paste when none is given.</summary>
    public string DefaultKeymap { get; set; } = "en-us";
}
