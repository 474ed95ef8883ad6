using KvmPortal.Hardware.Gadget;
using KvmPortal.Hardware.Hid;
using Xunit;

namespace KvmPortal.Tests.Gadget;

public sealed class GadgetBuilderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kvmportal-gadget-").FullName;

    public GadgetBuilderTests() => Directory.CreateDirectory(Path.Combine(_root, "sys/class/udc/dummy_udc.0"));

    private string G => Path.Combine(_root, "cfg/kvmportal");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Up_WritesDeviceStringsConfigFunctionsLinksAndBindsFirstUdc()
    {
        var fs = new FakeConfigfs(G);
        var builder = new GadgetBuilder(Options(), fs);
        Assert.True(builder.Up());

        Assert.Equal("0x1d6b", Read("idVendor"));
        Assert.Equal("0x0104", Read("idProduct"));
        Assert.Equal("0x0115", Read("bcdDevice")); // mask 15 as BCD: the kernel refuses 0x010f
        Assert.Equal("KvmPortal", Read("strings/0x409/manufacturer"));
        Assert.Equal("SN-42", Read("strings/0x409/serialnumber"));
        Assert.Equal("250", Read("configs/c.1/MaxPower"));
        Assert.Equal("1", Read("functions/hid.usb0/protocol"));
        Assert.Equal("1", Read("functions/hid.usb0/subclass"));
        Assert.Equal("8", Read("functions/hid.usb0/report_length"));
        Assert.Equal(HidDescriptors.Keyboard.ToArray(), File.ReadAllBytes(Path.Combine(G, "functions/hid.usb0/report_desc")));
        Assert.Equal(HidDescriptors.AbsoluteMouse.ToArray(), File.ReadAllBytes(Path.Combine(G, "functions/hid.usb1/report_desc")));
        Assert.Equal("7", Read("functions/hid.usb1/report_length"));
        Assert.Equal("2", Read("functions/hid.usb2/protocol"));
        Assert.Equal("1", Read("functions/hid.usb2/no_out_endpoint"));
        Assert.Equal("1", Read("functions/mass_storage.usb0/lun.0/removable"));
        Assert.Equal(GadgetFunctionWriter.InquiryString("KVM", "Virtual Media", "1.00"), File.ReadAllText(Path.Combine(G, "functions/mass_storage.usb0/lun.0/inquiry_string")));
        foreach (var f in new[] { "hid.usb0", "hid.usb1", "hid.usb2", "mass_storage.usb0" })
        {
            Assert.Equal(Path.Combine(G, "functions", f), new FileInfo(Path.Combine(G, "configs/c.1", f)).LinkTarget);
        }

        Assert.Equal("dummy_udc.0", Read("UDC"));
        Assert.Equal("write UDC", fs.Log[^1]);
        Assert.True(fs.Log.IndexOf("write functions/hid.usb0/report_desc") < fs.Log.IndexOf("link configs/c.1/hid.usb0"));
    }

    [Fact]
    public void Up_IsIdempotent_WhenAlreadyBound()
    {
        var fs = new FakeConfigfs(G);
        var builder = new GadgetBuilder(Options(), fs);
        builder.Up();
        var operations = fs.Log.Count;
        Assert.False(builder.Up());
        Assert.Equal(operations, fs.Log.Count);
    }

    [Fact]
    public void Up_AfterUnbind_RebindsWithoutRewritingLinkedFunctions()
    {
        var fs = new FakeConfigfs(G);
        var builder = new GadgetBuilder(Options(), fs);
        builder.Up();
        File.WriteAllText(Path.Combine(G, "UDC"), "\n");
        fs.Log.Clear();
        Assert.True(builder.Up());
        Assert.DoesNotContain(fs.Log, l => l.StartsWith("write functions/", StringComparison.Ordinal));
        Assert.Equal("dummy_udc.0", Read("UDC"));
    }

    [Fact]
    public void EndpointBudget_RefusedBeforeAnythingIsWritten()
    {
        var fs = new FakeConfigfs(G);
        var options = Options();
        options.MaxInEndpoints = 3;
        var error = Assert.Throws<GadgetException>(() => new GadgetBuilder(options, fs).Up());
        Assert.Contains("4 IN", error.Message, StringComparison.Ordinal);
        Assert.Empty(fs.Log);
        options.MaxInEndpoints = 7;
        options.MouseNoOutEndpoint = false;
        options.MaxOutEndpoints = 3;
        Assert.Throws<GadgetException>(() => new GadgetBuilder(options, fs).CheckEndpointBudget());
    }

    [Fact]
    public void FunctionSelection_ChangesFunctionsAndBcdDevice()
    {
        var options = Options();
        options.MassStorage = false;
        options.RelativeMouse = false;
        var builder = new GadgetBuilder(options, new FakeConfigfs(G));
        builder.Up();
        Assert.Equal("0x0103", Read("bcdDevice"));
        Assert.False(Directory.Exists(Path.Combine(G, "functions/mass_storage.usb0")));
        Assert.Equal(["hid.usb0", "hid.usb1"], builder.Functions.Select(f => f.Name));
    }

    [Fact]
    public void Down_UnbindsUnlinksThenRemovesInReverseOrder_AndIsIdempotent()
    {
        var fs = new FakeConfigfs(G);
        var builder = new GadgetBuilder(Options(), fs);
        builder.Up();
        fs.Log.Clear();
        Assert.True(builder.Down());
        Assert.False(Directory.Exists(G));
        Assert.Equal("write UDC", fs.Log[0]);
        var lastUnlink = fs.Log.FindLastIndex(l => l.StartsWith("unlink", StringComparison.Ordinal));
        Assert.True(lastUnlink < fs.Log.IndexOf("rmdir configs/c.1"));
        Assert.True(fs.Log.IndexOf("rmdir configs/c.1") < fs.Log.IndexOf("rmdir functions/hid.usb0"));
        Assert.Equal("rmdir .", fs.Log[^1]);
        Assert.False(builder.Down());
    }

    [Fact]
    public void Udc_MissingIsAClearError_AndStateIsRead()
    {
        var options = Options();
        options.SysfsRoot = Path.Combine(_root, "nowhere");
        Assert.Throws<GadgetException>(() => new GadgetBuilder(options, new FakeConfigfs(G)).Up());

        File.WriteAllText(Path.Combine(_root, "sys/class/udc/dummy_udc.0/state"), "configured\n");
        var builder = new GadgetBuilder(Options(), new FakeConfigfs(G));
        Assert.Equal("configured", builder.ReadUdcState());
        Assert.True(GadgetBuilder.IsHostConnected(builder.ReadUdcState()));
        File.WriteAllText(Path.Combine(_root, "sys/class/udc/dummy_udc.0/function"), "\n");
        Assert.Equal("unbound", builder.ReadUdcState());
        Assert.False(GadgetBuilder.IsHostConnected("not attached"));
        Assert.False(GadgetBuilder.IsHostConnected("suspended"));
    }

    [Fact]
    public void BcdDevice_NonDecimalNibblesRefused()
    {
        Assert.True(GadgetBuilder.IsBcd(0x0115));
        Assert.False(GadgetBuilder.IsBcd(0x010f));
        var options = Options();
        options.BcdDevice = 0x01a0;
        Assert.Throws<GadgetException>(() => new GadgetBuilder(options, new FakeConfigfs(G)).Up());
    }

    [Fact]
    public void InquiryString_IsVendor8Product16Revision4() =>
        Assert.Equal("KVM     Virtual Media   1.00", GadgetFunctionWriter.InquiryString("KVM", "Virtual Media", "1.00"));

    [Fact]
    public async Task Command_UpDownAndUsage()
    {
        using var output = new StringWriter();
        Assert.Equal(0, await GadgetCommand.RunAsync(["up"], Options(), output));
        Assert.Equal("dummy_udc.0", Read("UDC"));
        Assert.Equal(0, await GadgetCommand.RunAsync(["status"], Options(), output));
        Assert.Equal(2, await GadgetCommand.RunAsync(["sideways"], Options(), output));
        Assert.Contains("bound to dummy_udc.0", output.ToString(), StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(G, "UDC"), "\n"); // a plain tree cannot rmdir attribute files: unbind only
        var options = Options();
        options.SysfsRoot = Path.Combine(_root, "nowhere");
        Assert.Equal(1, await GadgetCommand.RunAsync(["up"], options, output));
    }

    private GadgetOptions Options() => new()
    {
        GadgetPath = G,
        SysfsRoot = Path.Combine(_root, "sys"),
        SerialNumber = "SN-42",
    };

    private string? Read(string relative)
    {
        var path = Path.Combine(G, relative);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }
}
