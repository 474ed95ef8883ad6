namespace KvmPortal.Tests.Kernel.Msd;

/// <summary>
/// A configfs USB gadget (libcomposite) on a free dummy_udc, the frame of the kernel tests' USB devices: the device descriptor, its
/// strings and configuration <c>c.1</c>; the device adds its functions. Unplug/plug = unbind/bind the UDC. Disposing unbinds and
/// removes the tree (what was never created is skipped).
/// </summary>
internal sealed class ConfigfsGadget : IDisposable
{
    private const string ConfigfsRoot = "/sys/kernel/config";
    private readonly string _udc;
    private readonly string _removeFunctions;

    private ConfigfsGadget(string path, string udc, string removeFunctions)
    {
        GadgetPath = path;
        _udc = udc;
        _removeFunctions = removeFunctions;
    }

    public string GadgetPath { get; }

    public bool Bound { get; private set; }

    /// <summary>Loads <paramref name="modules"/>, builds the gadget, lets <paramref name="addFunctions"/> add and link its functions, and binds it.</summary>
    /// <param name="removeFunctions">Shell commands, run in the gadget's folder, that unlink and remove what <paramref name="addFunctions"/> made.</param>
    public static ConfigfsGadget Create(string name, string modules, GadgetIdentity identity, Action<ConfigfsGadget> addFunctions, string removeFunctions)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(addFunctions);
        Shell.Check($"modprobe -a {modules}");
        if (!Directory.Exists(Path.Combine(ConfigfsRoot, "usb_gadget")))
        {
            Shell.Check($"mount -t configfs none {ConfigfsRoot}");
        }

        var gadget = new ConfigfsGadget(Path.Combine(ConfigfsRoot, "usb_gadget", name), FreeUdc(), removeFunctions);
        try
        {
            gadget.Build(identity);
            addFunctions(gadget);
            gadget.Bind();
        }
        catch
        {
            gadget.Dispose();
            throw;
        }

        return gadget;
    }

    /// <summary>The absolute path of <paramref name="relative"/> inside the gadget.</summary>
    public string Combine(string relative) => Path.Combine(GadgetPath, relative);

    /// <summary>Writes a configfs attribute (a path relative to the gadget).</summary>
    public void Write(string attribute, string value) => File.WriteAllText(Combine(attribute), value + "\n");

    /// <summary>Links <c>functions/<paramref name="function"/></c> into configuration <c>c.1</c>.</summary>
    public void LinkFunction(string function) =>
        File.CreateSymbolicLink(Combine("configs/c.1/" + function), Combine("functions/" + function));

    public void Bind()
    {
        Write("UDC", _udc);
        Bound = true;
    }

    public void Unbind()
    {
        Write("UDC", string.Empty);
        Bound = false;
    }

    public void Dispose()
    {
        if (Bound)
        {
            Shell.Run($"echo '' > {GadgetPath}/UDC");
        }

        Shell.Run($"cd {GadgetPath} 2>/dev/null || exit 0; {_removeFunctions}; rmdir configs/c.1/strings/0x409 configs/c.1 strings/0x409; cd /; rmdir {GadgetPath}");
    }

    private static string FreeUdc()
    {
        var bound = Directory.GetDirectories(Path.Combine(ConfigfsRoot, "usb_gadget"))
            .Select(g => Path.Combine(g, "UDC"))
            .Where(File.Exists)
            .Select(f => File.ReadAllText(f).Trim())
            .ToHashSet();
        return Directory.GetFileSystemEntries("/sys/class/udc").Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .FirstOrDefault(u => u!.StartsWith("dummy_udc", StringComparison.Ordinal) && !bound.Contains(u))
            ?? throw new InvalidOperationException($"no free dummy_udc (bound: {string.Join(", ", bound)})");
    }

    private void Build(GadgetIdentity identity)
    {
        Directory.CreateDirectory(GadgetPath);
        Write("idVendor", "0x1d6b");
        Write("idProduct", "0x0104");
        Write("bcdUSB", "0x0200");
        Directory.CreateDirectory(Combine("strings/0x409"));
        Write("strings/0x409/manufacturer", "KvmPortal tests");
        Write("strings/0x409/product", identity.Product);
        Write("strings/0x409/serialnumber", identity.SerialNumber);
        Directory.CreateDirectory(Combine("configs/c.1/strings/0x409"));
        Write("configs/c.1/strings/0x409/configuration", identity.Configuration);
        Write("configs/c.1/MaxPower", identity.MaxPowerMilliamps.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
