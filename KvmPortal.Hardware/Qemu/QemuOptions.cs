namespace KvmPortal.Hardware.Qemu;

/// <summary>
/// The "Qemu" hardware profile (section <c>KvmPortal:Qemu</c>): video, keyboard/mouse, virtual media and power of a QEMU VM driven through QMP.
/// </summary>
public sealed class QemuOptions
{
    /// <summary>Gets or sets a value indicating whether the profile replaces the video, HID, MSD and ATX backends.</summary>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets the QMP endpoint: a unix socket path (or <c>unix:PATH</c>), or <c>tcp:HOST:PORT</c>.</summary>
    public string QmpSocket { get; set; } = "data/qemu/qmp.sock";

    /// <summary>
    /// Gets or sets the unix socket of the VM's first serial port (COM1/ttyS0; QEMU <c>-serial unix:PATH,server=on,wait=off</c>), which the
    /// profile wires to the serial console as port <c>com1</c>. Empty: no serial port (the web app defaults it next to the QMP socket).
    /// </summary>
    public string SerialSocket { get; set; } = "";

    /// <summary>Gets or sets a value indicating whether KvmPortal starts the VM itself (otherwise it attaches to a running QEMU).</summary>
    public bool StartVm { get; set; } = true;

    /// <summary>Gets or sets the QEMU binary (when <see cref="StartVm"/>).</summary>
    public string QemuBinary { get; set; } = "qemu-system-x86_64";

    /// <summary>Gets or sets the guest memory in MiB (when <see cref="StartVm"/>).</summary>
    public int MemoryMb { get; set; } = 256;

    /// <summary>Gets or sets the accelerator: "tcg" (works everywhere) or "kvm".</summary>
    public string Accelerator { get; set; } = "tcg";

    /// <summary>Gets or sets extra QEMU arguments, one argument per entry (for example a hard disk).</summary>
    public List<string> ExtraArgs { get; set; } = [];

    /// <summary>Gets or sets the block backend id of the CD drive (<c>-drive if=none,id=…,media=cdrom</c>).</summary>
    public string CdromDrive { get; set; } = "cd0";

    /// <summary>Gets or sets the qdev id of the hot-plugged USB disk used for flash mode (empty disables flash mode).</summary>
    public string UsbDisk { get; set; } = "usbdisk0";

    /// <summary>Gets or sets the screendump rate in frames per second (each one is a QMP round trip and a file).</summary>
    public int ScreendumpFps { get; set; } = 4;

    /// <summary>Gets or sets the directory for screendump files (empty = the system temp directory).</summary>
    public string ScreendumpDirectory { get; set; } = "";

    /// <summary>Gets or sets the QMP command timeout in seconds.</summary>
    public int CommandTimeoutSeconds { get; set; } = 10;

    /// <summary>Gets or sets how long to wait for a started QEMU to open its QMP socket, in seconds.</summary>
    public int StartTimeoutSeconds { get; set; } = 30;
}
