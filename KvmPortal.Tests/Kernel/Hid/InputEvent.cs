namespace KvmPortal.Tests.Kernel.Hid;

/// <summary>A Linux <c>struct input_event</c> (64-bit: timeval 16 bytes, type u16, code u16, value s32 = 24 bytes).</summary>
internal readonly record struct InputEvent(ushort Type, ushort Code, int Value)
{
    public const int Size = 24;
    public const ushort EvSyn = 0x00, EvKey = 0x01, EvRel = 0x02, EvAbs = 0x03, EvLed = 0x11;
    public const ushort RelX = 0x00, RelY = 0x01, RelHWheel = 0x06, RelWheel = 0x08, AbsX = 0x00, AbsY = 0x01;
    public const ushort BtnLeft = 0x110, BtnRight = 0x111, LedCapsLock = 0x01;

    public static InputEvent Parse(ReadOnlySpan<byte> data) =>
        new(BitConverter.ToUInt16(data[16..]), BitConverter.ToUInt16(data[18..]), BitConverter.ToInt32(data[20..]));

    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        BitConverter.TryWriteBytes(bytes.AsSpan(16), Type);
        BitConverter.TryWriteBytes(bytes.AsSpan(18), Code);
        BitConverter.TryWriteBytes(bytes.AsSpan(20), Value);
        return bytes;
    }

    public override string ToString() => $"({Type:x2},{Code},{Value})";
}
