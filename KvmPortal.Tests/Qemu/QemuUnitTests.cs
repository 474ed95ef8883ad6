using System.Text;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hardware.Qemu;

namespace KvmPortal.Tests.Qemu;

public sealed class QemuUnitTests
{
    // Keys of the HID table without a QEMU 7.2 qcode (checked against a real QEMU in QemuRealQmpTests).
    private static readonly HashSet<string> NoQcode = ["F13", "F14", "F15", "F16", "F17", "F18", "F19", "F20", "F21", "F22", "F23", "F24", "Select"];

    [Fact]
    public void EveryHidTableKeyExceptTheDocumentedOnesHasAQcode()
    {
        var missing = HidKeyTable.All.Select(k => k.Code).Where(c => !QemuKeyMap.TryGetQcode(c, out _)).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(NoQcode.Order(StringComparer.Ordinal), missing);
    }

    [Theory]
    [InlineData("KeyA", "a")]
    [InlineData("Digit0", "0")]
    [InlineData("Numpad7", "kp_7")]
    [InlineData("Enter", "ret")]
    [InlineData("Space", "spc")]
    [InlineData("Quote", "apostrophe")]
    [InlineData("Backquote", "grave_accent")]
    [InlineData("ShiftLeft", "shift")]
    [InlineData("ControlRight", "ctrl_r")]
    [InlineData("MetaLeft", "meta_l")]
    [InlineData("IntlBackslash", "less")]
    [InlineData("ContextMenu", "compose")]
    [InlineData("F12", "f12")]
    public void MapsBrowserCodesToQcodes(string code, string qcode)
    {
        Assert.True(QemuKeyMap.TryGetQcode(code, out var actual));
        Assert.Equal(qcode, actual);
    }

    [Fact]
    public void QcodesAreUnique()
    {
        var duplicates = QemuKeyMap.All.GroupBy(p => p.Value, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key);

        Assert.Empty(duplicates);
    }

    [Fact]
    public void DecodesAPpmHeaderWithCommentsAndFindsThePixels()
    {
        var header = Encoding.ASCII.GetBytes("P6\n# made by a test\n3 2\n255\n");
        var data = header.Concat(Enumerable.Range(0, 18).Select(i => (byte)i)).ToArray();

        var (width, height, offset) = PpmDecoder.ReadHeader(data);

        Assert.Equal((3, 2), (width, height));
        Assert.Equal(header.Length, offset);
        Assert.Equal(0, data[offset]);
        Assert.Equal(17, data[^1]);
    }

    [Theory]
    [InlineData("P5\n3 2\n255\n")]
    [InlineData("P6\n3 2\n65535\n")]
    [InlineData("P6\n-3 2\n255\n")]
    [InlineData("P6\n3")]
    public void RejectsUnsupportedOrBrokenPpm(string header)
    {
        var data = Encoding.ASCII.GetBytes(header).Concat(new byte[18]).ToArray();

        Assert.Throws<FormatException>(() => PpmDecoder.ReadHeader(data));
    }

    [Fact]
    public void RejectsTruncatedPixelData()
    {
        var data = Encoding.ASCII.GetBytes("P6\n3 2\n255\n").Concat(new byte[17]).ToArray();

        Assert.Throws<FormatException>(() => PpmDecoder.ReadHeader(data));
    }

    [Fact]
    public void CommandLineHasTheCdDriveTheUsbBusQmpAndStartsHalted()
    {
        var options = new QemuOptions { MemoryMb = 128, CdromDrive = "cdx", ExtraArgs = ["-smp", "2"] };

        var args = QemuArguments.Build(options, "/run/q.sock");
        var line = string.Join(' ', args);

        Assert.Contains("-qmp unix:/run/q.sock,server=on,wait=off", line, StringComparison.Ordinal);
        Assert.Contains("-drive if=none,id=cdx,media=cdrom,readonly=on", line, StringComparison.Ordinal);
        Assert.Contains("-device ide-cd,drive=cdx", line, StringComparison.Ordinal);
        Assert.Contains("-device qemu-xhci,id=xhci", line, StringComparison.Ordinal);
        Assert.Contains("-accel tcg", line, StringComparison.Ordinal);
        Assert.Contains("-m 128", line, StringComparison.Ordinal);
        Assert.Contains("-display none", line, StringComparison.Ordinal);
        Assert.Contains("-boot order=dc", line, StringComparison.Ordinal);
        Assert.Contains("-S", args);
        Assert.Contains("-no-shutdown", args);
        Assert.Equal(["-smp", "2"], args.TakeLast(2));
    }

    [Theory]
    [InlineData("/tmp/q.sock", "/tmp/q.sock")]
    [InlineData("unix:/tmp/q.sock", "/tmp/q.sock")]
    [InlineData("tcp:127.0.0.1:4444", null)]
    [InlineData("localhost:4444", null)]
    [InlineData("data/qemu/qmp.sock", "data/qemu/qmp.sock")]
    public void TellsUnixPathsFromTcpEndpoints(string endpoint, string? path) => Assert.Equal(path, QemuArguments.UnixPath(endpoint));
}
