namespace KvmPortal.Hardware.Qemu;

/// <summary>Builds the command line of a VM that KvmPortal starts itself.</summary>
public static class QemuArguments
{
    /// <summary>
    /// The arguments: no display, QMP on <paramref name="qmpSocket"/>, halted at start (<c>-S</c>: powered off until "on"), stays alive when the guest
    /// powers off (<c>-no-shutdown</c>), an empty CD drive on IDE, an xHCI controller for the USB disk, booting from the CD first.
    /// </summary>
    /// <returns>One entry per argument.</returns>
    public static IReadOnlyList<string> Build(QemuOptions options, string qmpSocket)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(qmpSocket);

        // A VM given its own kernel (-kernel in ExtraArgs) boots it: QEMU's kernel loader takes boot index 0, so the CD gets none.
        var cdBootIndex = options.ExtraArgs.Contains("-kernel") ? "" : ",bootindex=0";
        List<string> args =
        [
            "-accel", options.Accelerator,
            "-m", options.MemoryMb.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-display", "none",
            "-vga", "std",
            "-qmp", $"unix:{qmpSocket},server=on,wait=off",
            "-S",
            "-no-shutdown",
            "-nodefaults",
            "-drive", $"if=none,id={options.CdromDrive},media=cdrom,readonly=on",
            "-device", $"ide-cd,drive={options.CdromDrive},id={options.CdromDrive}-dev{cdBootIndex}",
            "-device", "qemu-xhci,id=xhci",
            "-device", "usb-tablet,bus=xhci.0",
            "-boot", "order=dc,menu=off",
        ];
        if (!string.IsNullOrEmpty(options.SerialSocket))
        {
            args.AddRange(["-serial", $"unix:{options.SerialSocket},server=on,wait=off"]);
        }

        args.AddRange(options.ExtraArgs);
        return args;
    }

    /// <summary>The unix socket path of an endpoint string (null for TCP endpoints).</summary>
    /// <returns>The path or null.</returns>
    public static string? UnixPath(string endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.StartsWith("unix:", StringComparison.Ordinal))
        {
            return endpoint[5..];
        }

        return endpoint.StartsWith("tcp:", StringComparison.Ordinal) || !endpoint.Contains('/', StringComparison.Ordinal) && endpoint.Contains(':', StringComparison.Ordinal)
            ? null
            : endpoint;
    }
}
