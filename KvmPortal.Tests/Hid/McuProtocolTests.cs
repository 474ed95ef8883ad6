using Xunit;
using KvmPortal.Hardware.Hid;

namespace KvmPortal.Tests.Hid;

public class McuProtocolTests
{
    [Fact]
    public void Crc16Modbus_StandardCheckValue() => Assert.Equal(0x4B37, McuProtocol.Crc16("123456789"u8));

    [Fact]
    public void Ping_IsMagicCommandPayloadAndBigEndianCrc() =>
        Assert.Equal(Convert.FromHexString("3301000000001838"), McuProtocol.Frame(McuProtocol.Ping));

    [Fact]
    public void Frames_CarryTheDocumentedPayloads()
    {
        Assert.Equal(Convert.FromHexString("331101010000E7A9"), McuProtocol.KeyFrame(1, true));
        Assert.Equal(Convert.FromHexString("3310000000001BC4"), McuProtocol.Frame(McuProtocol.ClearHid));
    }

    [Fact]
    public void MouseFrames_EncodeSelectAndStateBits()
    {
        Assert.Equal(new byte[] { 0x33, 0x13, 0x88, 0x00, 0, 0 }, McuProtocol.MouseButtonFrame(MouseButtons.Left, MouseButtons.Left)[..6]);
        Assert.Equal(new byte[] { 0x33, 0x13, 0x40, 0x00, 0, 0 }, McuProtocol.MouseButtonFrame(MouseButtons.Right, MouseButtons.Left)[..6]);
        Assert.Equal(new byte[] { 0x33, 0x13, 0x00, 0xC8, 0, 0 },
            McuProtocol.MouseButtonFrame(MouseButtons.Back | MouseButtons.Forward, MouseButtons.Back)[..6]);
        Assert.Equal(new byte[] { 0x33, 0x12, 0x80, 0x00, 0x7F, 0xFF }, McuProtocol.MouseMoveFrame(-32768, 32767)[..6]);
        Assert.Equal(new byte[] { 0x33, 0x14, 0x00, 0xFB, 0, 0 }, McuProtocol.WheelFrame(-5)[..6]);
        Assert.Equal(new byte[] { 0x33, 0x15, 0x81, 0x7F, 0, 0 }, McuProtocol.RelativeFrame(-1000, 1000)[..6]);
    }

    [Fact]
    public void Responses_ParsedWithCrcCheck()
    {
        var legacyOk = Convert.FromHexString("33209814");
        Assert.True(McuProtocol.ParseResponse(legacyOk)!.Value.IsOk);
        var pong = Convert.FromHexString("348200000000717C");
        var parsed = McuProtocol.ParseResponse(pong)!.Value;
        Assert.True(parsed.IsPong);
        Assert.Equal(KeyboardLeds.ScrollLock, parsed.Leds);
        Assert.False(parsed.HostOffline);
        pong[2] ^= 1;
        Assert.Null(McuProtocol.ParseResponse(pong));
        Assert.Equal(8, McuProtocol.ResponseLength(0x34));
        Assert.Equal(4, McuProtocol.ResponseLength(0x33));
    }
}
