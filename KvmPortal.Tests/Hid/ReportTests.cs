using Xunit;
using KvmPortal.Hardware.Hid;

namespace KvmPortal.Tests.Hid;

public class ReportTests
{
    [Fact]
    public void KeyboardDescriptor_MatchesPikvmReferenceBytes()
    {
        const string FromReference = "05 01 09 06 A1 01 05 07 19 E0 29 E7 15 00 25 01 75 01 95 08 81 02 95 01 75 08 81 01 95 05 75 01 " +
            "05 08 19 01 29 05 91 02 95 01 75 03 91 01 95 06 75 08 15 00 26 FF 00 05 07 19 00 2A FF 00 81 00 C0";
        var reference = Convert.FromHexString(FromReference.Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(reference, HidDescriptors.Keyboard.ToArray());
    }

    [Fact]
    public void Descriptors_AgreeWithReportLengths()
    {
        var keyboard = HidDescriptorParser.Sizes(HidDescriptors.Keyboard);
        Assert.Equal(HidDescriptors.KeyboardReportLength * 8, keyboard.InputBits);
        Assert.Equal(8, keyboard.OutputBits);
        var absolute = HidDescriptorParser.Sizes(HidDescriptors.AbsoluteMouse);
        Assert.Equal(HidDescriptors.AbsoluteMouseReportLength * 8, absolute.InputBits);
        Assert.Equal(2, absolute.Collections);
        var relative = HidDescriptorParser.Sizes(HidDescriptors.RelativeMouse);
        Assert.Equal(HidDescriptors.RelativeMouseReportLength * 8, relative.InputBits);
        Assert.Equal(0, relative.OutputBits);
    }

    [Fact]
    public void Keyboard_ModifiersAreBitsAndKeysFillSlotsInOrder()
    {
        var state = new KeyboardReportState();
        Assert.True(state.Set(HidKeyTable.Get("ShiftLeft"), true));
        Assert.True(state.Set(HidKeyTable.Get("AltRight"), true));
        state.Set(HidKeyTable.Get("KeyA"), true);
        state.Set(HidKeyTable.Get("Digit1"), true);
        Assert.False(state.Set(HidKeyTable.Get("KeyA"), true));
        Assert.Equal(new byte[] { 0x42, 0, 0x04, 0x1E, 0, 0, 0, 0 }, state.ToReport());
        state.Set(HidKeyTable.Get("KeyA"), false);
        state.Set(HidKeyTable.Get("ShiftLeft"), false);
        Assert.Equal(new byte[] { 0x40, 0, 0x1E, 0, 0, 0, 0, 0 }, state.ToReport());
    }

    [Fact]
    public void Keyboard_SeventhKeyReportsErrorRollOverUntilReleased()
    {
        var state = new KeyboardReportState();
        string[] keys = ["KeyA", "KeyB", "KeyC", "KeyD", "KeyE", "KeyF"];
        foreach (var key in keys)
        {
            state.Set(HidKeyTable.Get(key), true);
        }

        state.Set(HidKeyTable.Get("ControlLeft"), true);
        Assert.Equal(new byte[] { 0x01, 0, 4, 5, 6, 7, 8, 9 }, state.ToReport());
        state.Set(HidKeyTable.Get("KeyG"), true);
        Assert.Equal(new byte[] { 0x01, 0, 1, 1, 1, 1, 1, 1 }, state.ToReport());
        state.Set(HidKeyTable.Get("KeyB"), false);
        Assert.Equal(new byte[] { 0x01, 0, 4, 6, 7, 8, 9, 0x0A }, state.ToReport());
        Assert.True(state.Clear());
        Assert.Equal(new byte[8], state.ToReport());
    }

    [Theory]
    [InlineData(new byte[] { 0x02 }, KeyboardLeds.CapsLock)]
    [InlineData(new byte[] { 0x07 }, KeyboardLeds.CapsLock | KeyboardLeds.NumLock | KeyboardLeds.ScrollLock)]
    [InlineData(new byte[] { 0xF9 }, KeyboardLeds.NumLock)]
    [InlineData(new byte[0], KeyboardLeds.None)]
    public void Leds_ParsedFromOutputReport(byte[] report, KeyboardLeds expected) =>
        Assert.Equal(expected, KeyboardReportState.ParseLeds(report));

    [Fact]
    public void AbsoluteMouse_LittleEndianCoordinatesThenWheelThenPan()
    {
        var report = new byte[7];
        MouseReports.WriteAbsolute(report, MouseButtons.Left | MouseButtons.Right, 16384, 0x1234, -1, 200);
        Assert.Equal(new byte[] { 0x03, 0x00, 0x40, 0x34, 0x12, 0xFF, 0x7F }, report);
        MouseReports.WriteAbsolute(report, MouseButtons.None, 40000, -5, -300, 0);
        Assert.Equal(new byte[] { 0x00, 0xFF, 0x7F, 0x00, 0x00, 0x81, 0x00 }, report);
    }

    [Fact]
    public void RelativeMouse_DeltasClampedToPlusMinus127()
    {
        var report = new byte[5];
        MouseReports.WriteRelative(report, MouseButtons.Middle, -500, 5, 1, -2);
        Assert.Equal(new byte[] { 0x04, 0x81, 0x05, 0x01, 0xFE }, report);
    }

    [Fact]
    public void Squash_SplitsLargeMovesIntoStepsThatAddUp()
    {
        var steps = MouseReports.Squash(300, -20).ToList();
        Assert.Equal(3, steps.Count);
        Assert.All(steps, s => Assert.InRange(s.Dx, -127, 127));
        Assert.Equal(300, steps.Sum(s => s.Dx));
        Assert.Equal(-20, steps.Sum(s => s.Dy));
        Assert.Equal([(5, 7)], MouseReports.Squash(5, 7));
    }

    [Theory]
    [InlineData(-32768, 0)]
    [InlineData(0, 16384)]
    [InlineData(32767, 32767)]
    public void SignedApiRange_MapsOntoDescriptorRange(int api, int expected) => Assert.Equal(expected, MouseReports.FromSignedRange(api));
}
