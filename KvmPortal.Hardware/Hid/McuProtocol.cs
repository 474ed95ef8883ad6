using System.Buffers.Binary;

namespace KvmPortal.Hardware.Hid;

/// <summary>
/// PiKVM's Arduino/Pico HID wire protocol. A request is always 8 bytes: <c>0x33, command, 4 payload bytes, CRC-16/MODBUS (big-endian)</c>
/// over the first six. A response is either the legacy 4 bytes <c>0x33, code, crc, crc</c> or 8 bytes
/// <c>0x34, code, outputs1, outputs2, 0, 0, crc, crc</c>.
/// </summary>
public static class McuProtocol
{
    /// <summary>Request magic byte.</summary>
    public const byte RequestMagic = 0x33;

    /// <summary>Extended-response magic byte.</summary>
    public const byte ResponseMagicNew = 0x34;

    /// <summary>Command codes.</summary>
    public const byte Ping = 0x01, Repeat = 0x02, SetKeyboard = 0x03, SetMouse = 0x04, SetConnected = 0x05,
        ClearHid = 0x10, Key = 0x11, MouseMove = 0x12, MouseButton = 0x13, MouseWheel = 0x14, MouseRelative = 0x15;

    /// <summary>CRC-16/MODBUS: init 0xFFFF, reflected polynomial 0xA001, no final xor.</summary>
    public static ushort Crc16(ReadOnlySpan<byte> data)
    {
        ushort crc = 0xFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (ushort)((crc >> 1) ^ 0xA001) : (ushort)(crc >> 1);
            }
        }

        return crc;
    }

    /// <summary>Builds an 8-byte request frame.</summary>
    public static byte[] Frame(byte command, byte p0 = 0, byte p1 = 0, byte p2 = 0, byte p3 = 0)
    {
        var frame = new byte[8] { RequestMagic, command, p0, p1, p2, p3, 0, 0 };
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(6), Crc16(frame.AsSpan(0, 6)));
        return frame;
    }

    /// <summary>KEY: MCU key code and state.</summary>
    public static byte[] KeyFrame(byte mcuCode, bool pressed) => Frame(Key, mcuCode, pressed ? (byte)1 : (byte)0);

    /// <summary>MOUSE_MOVE: absolute x and y in −32768..32767, big-endian.</summary>
    public static byte[] MouseMoveFrame(int x, int y)
    {
        var sx = (short)Math.Clamp(x, short.MinValue, short.MaxValue);
        var sy = (short)Math.Clamp(y, short.MinValue, short.MaxValue);
        return Frame(MouseMove, (byte)(sx >> 8), (byte)sx, (byte)(sy >> 8), (byte)sy);
    }

    /// <summary>MOUSE_BUTTON: "select" bits name the buttons that change, "state" bits their new state.</summary>
    public static byte[] MouseButtonFrame(MouseButtons changed, MouseButtons state)
    {
        byte main = 0, extra = 0;
        void Bit(MouseButtons b, ref byte target, byte select, byte down)
        {
            if (changed.HasFlag(b))
            {
                target |= select;
                if (state.HasFlag(b))
                {
                    target |= down;
                }
            }
        }

        Bit(MouseButtons.Left, ref main, 0x80, 0x08);
        Bit(MouseButtons.Right, ref main, 0x40, 0x04);
        Bit(MouseButtons.Middle, ref main, 0x20, 0x02);
        Bit(MouseButtons.Back, ref extra, 0x80, 0x08);
        Bit(MouseButtons.Forward, ref extra, 0x40, 0x04);
        return Frame(MouseButton, main, extra);
    }

    /// <summary>WHEEL: vertical only (the firmware has no horizontal scroll), in the second payload byte.</summary>
    public static byte[] WheelFrame(int dy) => Frame(MouseWheel, 0, MouseReports.ClampDelta(dy));

    /// <summary>RELATIVE: dx, dy as signed bytes.</summary>
    public static byte[] RelativeFrame(int dx, int dy) => Frame(MouseRelative, MouseReports.ClampDelta(dx), MouseReports.ClampDelta(dy));

    /// <summary>Gets the response length announced by its first byte (4 legacy, 8 new), or 0 for an unknown magic.</summary>
    public static int ResponseLength(byte first) => first switch
    {
        RequestMagic => 4,
        ResponseMagicNew => 8,
        _ => 0,
    };

    /// <summary>Parses a 4- or 8-byte response; returns null when the CRC or the magic is wrong.</summary>
    public static McuResponse? ParseResponse(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || ResponseLength(data[0]) != data.Length)
        {
            return null;
        }

        var crc = BinaryPrimitives.ReadUInt16BigEndian(data[^2..]);
        if (crc != Crc16(data[..^2]))
        {
            return null;
        }

        return data.Length == 8 ? new McuResponse(data[1], data[2], data[3]) : new McuResponse(data[1], 0, 0);
    }
}
