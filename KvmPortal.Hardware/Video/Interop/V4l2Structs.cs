using System.Runtime.InteropServices;
using System.Text;

#pragma warning disable SA1307, SA1401, CA1051 // interop structs mirror the kernel ABI field by field

namespace KvmPortal.Hardware.Video.Interop;

[StructLayout(LayoutKind.Explicit, Size = 104)]
internal unsafe struct V4l2Capability
{
    [FieldOffset(0)] public fixed byte Driver[16];
    [FieldOffset(16)] public fixed byte Card[32];
    [FieldOffset(48)] public fixed byte BusInfo[32];
    [FieldOffset(80)] public uint Version;
    [FieldOffset(84)] public uint Capabilities;
    [FieldOffset(88)] public uint DeviceCaps;
}

[StructLayout(LayoutKind.Explicit, Size = 64)]
internal unsafe struct V4l2FmtDesc
{
    [FieldOffset(0)] public uint Index;
    [FieldOffset(4)] public uint Type;
    [FieldOffset(8)] public uint Flags;
    [FieldOffset(12)] public fixed byte Description[32];
    [FieldOffset(44)] public uint PixelFormat;
}

/// <summary>struct v4l2_format with the single-planar v4l2_pix_format member of the union.</summary>
[StructLayout(LayoutKind.Explicit, Size = 208)]
internal struct V4l2Format
{
    [FieldOffset(0)] public uint Type;
    [FieldOffset(8)] public uint Width;
    [FieldOffset(12)] public uint Height;
    [FieldOffset(16)] public uint PixelFormat;
    [FieldOffset(20)] public uint Field;
    [FieldOffset(24)] public uint BytesPerLine;
    [FieldOffset(28)] public uint SizeImage;
    [FieldOffset(32)] public uint Colorspace;
}

[StructLayout(LayoutKind.Explicit, Size = 20)]
internal struct V4l2RequestBuffers
{
    [FieldOffset(0)] public uint Count;
    [FieldOffset(4)] public uint Type;
    [FieldOffset(8)] public uint Memory;
}

[StructLayout(LayoutKind.Explicit, Size = 88)]
internal struct V4l2Buffer
{
    [FieldOffset(0)] public uint Index;
    [FieldOffset(4)] public uint Type;
    [FieldOffset(8)] public uint BytesUsed;
    [FieldOffset(12)] public uint Flags;
    [FieldOffset(16)] public uint Field;
    [FieldOffset(24)] public long TimestampSeconds;
    [FieldOffset(32)] public long TimestampMicroseconds;
    [FieldOffset(56)] public uint Sequence;
    [FieldOffset(60)] public uint Memory;
    [FieldOffset(64)] public uint Offset;
    [FieldOffset(64)] public nint Planes; // m.planes (struct v4l2_plane *) for multi-planar buffer types
    [FieldOffset(64)] public int Fd; // m.fd for V4L2_MEMORY_DMABUF (single-planar)
    [FieldOffset(72)] public uint Length;
}

/// <summary>struct v4l2_dv_timings (packed) with its v4l2_bt_timings member.</summary>
[StructLayout(LayoutKind.Explicit, Size = 132, Pack = 1)]
internal struct V4l2DvTimings
{
    [FieldOffset(0)] public uint Type;
    [FieldOffset(4)] public uint Width;
    [FieldOffset(8)] public uint Height;
    [FieldOffset(12)] public uint Interlaced;
    [FieldOffset(16)] public uint Polarities;
    [FieldOffset(20)] public ulong PixelClock;
    [FieldOffset(28)] public uint HFrontPorch;
    [FieldOffset(32)] public uint HSync;
    [FieldOffset(36)] public uint HBackPorch;
    [FieldOffset(40)] public uint VFrontPorch;
    [FieldOffset(44)] public uint VSync;
    [FieldOffset(48)] public uint VBackPorch;

    /// <summary>Gets the refresh rate: pixel clock / (htotal × vtotal).</summary>
    public readonly double RefreshHz
    {
        get
        {
            double total = (double)(Width + HFrontPorch + HSync + HBackPorch) * (Height + VFrontPorch + VSync + VBackPorch);
            return total > 0 ? PixelClock / total : 0;
        }
    }
}

[StructLayout(LayoutKind.Explicit, Size = 136)]
internal struct V4l2Event
{
    [FieldOffset(0)] public uint Type;
    [FieldOffset(8)] public uint SourceChanges;
    [FieldOffset(72)] public uint Pending;
    [FieldOffset(76)] public uint Sequence;
}

[StructLayout(LayoutKind.Explicit, Size = 32)]
internal struct V4l2EventSubscription
{
    [FieldOffset(0)] public uint Type;
    [FieldOffset(4)] public uint Id;
    [FieldOffset(8)] public uint Flags;
}

[StructLayout(LayoutKind.Explicit, Size = 80)]
internal unsafe struct V4l2Input
{
    [FieldOffset(0)] public uint Index;
    [FieldOffset(4)] public fixed byte Name[32];
    [FieldOffset(36)] public uint Type;
    [FieldOffset(56)] public uint Status;
    [FieldOffset(60)] public uint Capabilities;
}

[StructLayout(LayoutKind.Explicit, Size = 8)]
internal struct V4l2Control
{
    [FieldOffset(0)] public uint Id;
    [FieldOffset(4)] public int Value;
}

[StructLayout(LayoutKind.Explicit, Size = 68)]
internal unsafe struct V4l2QueryCtrl
{
    [FieldOffset(0)] public uint Id;
    [FieldOffset(4)] public uint Type;
    [FieldOffset(8)] public fixed byte Name[32];
    [FieldOffset(40)] public int Minimum;
    [FieldOffset(44)] public int Maximum;
    [FieldOffset(48)] public int Step;
    [FieldOffset(52)] public int DefaultValue;
    [FieldOffset(56)] public uint Flags;
}

[StructLayout(LayoutKind.Explicit, Size = 44, Pack = 1)]
internal unsafe struct V4l2QueryMenu
{
    [FieldOffset(0)] public uint Id;
    [FieldOffset(4)] public uint Index;
    [FieldOffset(8)] public fixed byte Name[32];
}

internal static class V4l2Text
{
    /// <summary>Reads a NUL-terminated fixed-size kernel string.</summary>
    /// <returns>The text.</returns>
    public static unsafe string Read(byte* text, int capacity)
    {
        var span = new ReadOnlySpan<byte>(text, capacity);
        int end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }
}

/// <summary>struct v4l2_edid: an input's (pad's) EDID blocks for VIDIOC_G_EDID / VIDIOC_S_EDID.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct V4l2Edid
{
    public uint Pad;
    public uint StartBlock;
    public uint Blocks;
    public fixed uint Reserved[5];
    public byte* Edid;
}
