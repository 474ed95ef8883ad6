using System.Globalization;
using KvmPortal.Hardware.Hid;

namespace KvmPortal.Hardware.Gadget;

/// <summary>
/// Creates and removes KvmPortal's composite USB gadget in configfs: keyboard (hid.usb0), absolute mouse (hid.usb1),
/// relative mouse (hid.usb2) and mass storage (mass_storage.usb0 with lun.0), linked into configs/c.1 and bound to a UDC.
/// Both directions are idempotent. Runs as root (the <c>gadget up|down</c> CLI verb); the web app itself stays unprivileged.
/// </summary>
public sealed class GadgetBuilder
{
    private const string Config = "configs/c.1";
    private readonly GadgetOptions _options;
    private readonly ConfigfsFileSystem _fs;

    public GadgetBuilder(GadgetOptions options)
        : this(options, new ConfigfsFileSystem())
    {
    }

    internal GadgetBuilder(GadgetOptions options, ConfigfsFileSystem fs)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _fs = fs;
    }

    /// <summary>Gets the functions the options ask for, with their endpoint cost.</summary>
    public IReadOnlyList<GadgetFunction> Functions
    {
        get
        {
            var mouseOut = _options.MouseNoOutEndpoint ? 0 : 1;
            var list = new List<GadgetFunction>();
            if (_options.Keyboard)
            {
                list.Add(new GadgetFunction("hid.usb0", 1, 1, 0x01));
            }

            if (_options.AbsoluteMouse)
            {
                list.Add(new GadgetFunction("hid.usb1", 1, mouseOut, 0x02));
            }

            if (_options.RelativeMouse)
            {
                list.Add(new GadgetFunction("hid.usb2", 1, mouseOut, 0x04));
            }

            if (_options.MassStorage)
            {
                list.Add(new GadgetFunction("mass_storage.usb0", 1, 1, 0x08));
            }

            return list;
        }
    }

    /// <summary>
    /// Gets the bcdDevice that <see cref="Up"/> writes: the configured one, or 0x01NN where NN is the function bit mask written as two
    /// decimal (BCD) digits. The kernel rejects values that are not binary-coded decimal with EINVAL.
    /// </summary>
    public int BcdDevice
    {
        get
        {
            if (_options.BcdDevice != 0)
            {
                return _options.BcdDevice;
            }

            var mask = Functions.Sum(f => f.Bit);
            return 0x0100 | ((mask / 10) << 4) | (mask % 10);
        }
    }

    /// <summary>Gets a value indicating whether every nibble of <paramref name="value"/> is a decimal digit (what configfs accepts).</summary>
    public static bool IsBcd(int value) =>
        value is >= 0 and <= 0xFFFF && Enumerable.Range(0, 4).All(i => ((value >> (4 * i)) & 0xF) <= 9);

    /// <summary>Gets a value indicating whether a host has configured the device ("configured" in the UDC's sysfs state).</summary>
    public static bool IsHostConnected(string? udcState) => udcState == "configured";

    /// <summary>Throws <see cref="GadgetException"/> when the functions need more IN or OUT endpoints than the budget.</summary>
    public void CheckEndpointBudget()
    {
        var functions = Functions;
        int inUsed = functions.Sum(f => f.InEndpoints), outUsed = functions.Sum(f => f.OutEndpoints);
        if (inUsed > _options.MaxInEndpoints || outUsed > _options.MaxOutEndpoints)
        {
            throw new GadgetException(
                $"The gadget needs {inUsed} IN and {outUsed} OUT endpoints ({string.Join(", ", functions.Select(f => $"{f.Name} {f.InEndpoints}/{f.OutEndpoints}"))}) " +
                $"but the UDC budget is {_options.MaxInEndpoints} IN and {_options.MaxOutEndpoints} OUT. Leave out a function.");
        }
    }

    /// <summary>Finds the UDC: the configured one, or the first entry of <c>class/udc</c>.</summary>
    public string ResolveUdc()
    {
        if (!string.IsNullOrEmpty(_options.Udc))
        {
            return _options.Udc;
        }

        var first = _fs.Entries(Path.Combine(_options.SysfsRoot, "class", "udc")).Select(Path.GetFileName).FirstOrDefault();
        return first ?? throw new GadgetException($"No USB device controller in {Path.Combine(_options.SysfsRoot, "class", "udc")} (is dwc2 / dummy_hcd loaded?).");
    }

    /// <summary>
    /// Reads <c>class/udc/&lt;udc&gt;/state</c> ("configured", "not attached", "suspended", ...), or null when absent; "unbound" when the
    /// UDC's <c>function</c> attribute is empty (no gadget bound: dummy_udc keeps a stale "configured" state after an unbind).
    /// </summary>
    public string? ReadUdcState(string? udc = null)
    {
        try
        {
            udc ??= ResolveUdc();
        }
        catch (GadgetException)
        {
            return null;
        }

        var dir = Path.Combine(_options.SysfsRoot, "class", "udc", udc);
        return _fs.Read(Path.Combine(dir, "function")) is "" ? "unbound" : _fs.Read(Path.Combine(dir, "state"));
    }

    /// <summary>Gets the UDC the gadget is bound to, or null when unbound or absent.</summary>
    public string? BoundUdc
    {
        get
        {
            var udc = _fs.Read(Path.Combine(_options.GadgetPath, "UDC"));
            return string.IsNullOrEmpty(udc) ? null : udc;
        }
    }

    /// <summary>Creates whatever is missing and binds the UDC. Returns false when the gadget was already bound (nothing changed).</summary>
    public bool Up()
    {
        CheckEndpointBudget();
        if (!IsBcd(BcdDevice))
        {
            throw new GadgetException($"bcdDevice 0x{BcdDevice:x4} is not binary-coded decimal (each hex digit must be 0-9).");
        }

        var g = _options.GadgetPath;
        if (_fs.DirectoryExists(g) && BoundUdc is not null)
        {
            return false;
        }

        var udc = ResolveUdc();
        _fs.CreateDirectory(g);
        _fs.Write(P("idVendor"), Hex(_options.VendorId));
        _fs.Write(P("idProduct"), Hex(_options.ProductId));
        _fs.Write(P("bcdDevice"), Hex(BcdDevice));
        _fs.Write(P("bcdUSB"), "0x0200");
        _fs.CreateDirectory(P("strings/0x409"));
        _fs.Write(P("strings/0x409/manufacturer"), _options.Manufacturer);
        _fs.Write(P("strings/0x409/product"), _options.Product);
        _fs.Write(P("strings/0x409/serialnumber"), _options.SerialNumber);
        _fs.CreateDirectory(P(Config));
        _fs.CreateDirectory(P(Config + "/strings/0x409"));
        _fs.Write(P(Config + "/strings/0x409/configuration"), "KvmPortal");
        _fs.Write(P(Config + "/MaxPower"), _options.MaxPower.ToString(CultureInfo.InvariantCulture));
        _fs.Write(P(Config + "/bmAttributes"), "0x80");

        var wanted = Functions;
        foreach (var link in _fs.Entries(P(Config)).Where(_fs.IsLink))
        {
            if (!wanted.Any(f => f.Name == Path.GetFileName(link)))
            {
                _fs.Unlink(link); // a function the options no longer include
            }
        }

        foreach (var function in wanted)
        {
            var link = P($"{Config}/{function.Name}");
            if (_fs.IsLink(link))
            {
                continue; // linked functions are in use: configfs refuses attribute changes, and they are already set up
            }

            new GadgetFunctionWriter(_fs, _options).Create(P("functions/" + function.Name), function.Name);
            _fs.Link(link, P("functions/" + function.Name));
        }

        _fs.Write(P("UDC"), udc);
        if (_options.OwnerUid >= 0 && _options.MassStorage)
        {
            foreach (var attribute in new[] { "file", "cdrom", "ro", "removable", "nofua", "inquiry_string", "forced_eject" })
            {
                var path = P("functions/mass_storage.usb0/lun.0/" + attribute);
                if (File.Exists(path))
                {
                    _fs.Chown(path, _options.OwnerUid, _options.OwnerGid);
                }
            }
        }

        return true;
    }

    /// <summary>Detaches the gadget from its UDC (the host sees the device unplugged); the configfs tree stays.</summary>
    public void Unbind()
    {
        if (BoundUdc is not null)
        {
            _fs.Write(P("UDC"), "\n");
        }
    }

    /// <summary>Attaches an existing, unbound gadget to the UDC again.</summary>
    public void Bind()
    {
        if (BoundUdc is null)
        {
            _fs.Write(P("UDC"), ResolveUdc());
        }
    }

    /// <summary>Unbinds and removes the gadget in reverse order. Returns false when there was nothing to remove.</summary>
    public bool Down()
    {
        var g = _options.GadgetPath;
        if (!_fs.DirectoryExists(g))
        {
            return false;
        }

        if (BoundUdc is not null)
        {
            _fs.Write(P("UDC"), "\n");
        }

        foreach (var config in _fs.Entries(P("configs")).Where(_fs.DirectoryExists))
        {
            foreach (var link in _fs.Entries(config).Where(_fs.IsLink))
            {
                _fs.Unlink(link);
            }

            foreach (var strings in _fs.Entries(Path.Combine(config, "strings")))
            {
                _fs.RemoveDirectory(strings);
            }

            _fs.RemoveDirectory(config);
        }

        foreach (var function in _fs.Entries(P("functions")))
        {
            _fs.RemoveDirectory(function);
        }

        foreach (var strings in _fs.Entries(P("strings")))
        {
            _fs.RemoveDirectory(strings);
        }

        _fs.RemoveDirectory(g);
        return true;
    }

    private static string Hex(int value) => "0x" + value.ToString("x4", CultureInfo.InvariantCulture);

    private string P(string relative) => Path.Combine(_options.GadgetPath, relative);
}
