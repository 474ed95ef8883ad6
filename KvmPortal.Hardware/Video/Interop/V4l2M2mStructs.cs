using System.Runtime.InteropServices;

#pragma warning disable SA1307, SA1401, CA1051, SA1649 // interop structs mirror the kernel ABI field by field

namespace KvmPortal.Hardware.Video.Interop;

/// <summary>struct v4l2_format with the multi-planar v4l2_pix_format_mplane member of the union (first plane only).</summary>
[StructLayout(LayoutKind.Explicit, Size = 208)]
internal struct V4l2FormatMplane
{
    [FieldOffset(0)] public uint Type;
    [FieldOffset(8)] public uint Width;
    [FieldOffset(12)] public uint Height;
    [FieldOffset(16)] public uint PixelFormat;
    [FieldOffset(20)] public uint Field;
    [FieldOffset(24)] public uint Colorspace;
    [FieldOffset(28)] public uint Plane0SizeImage;
    [FieldOffset(32)] public uint Plane0BytesPerLine;
    [FieldOffset(188)] public byte NumPlanes;
}

/// <summary>struct v4l2_plane (the m union holds mem_offset for MMAP, fd for DMABUF).</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct V4l2Plane
{
    [FieldOffset(0)] public uint BytesUsed;
    [FieldOffset(4)] public uint Length;
    [FieldOffset(8)] public uint MemOffset;
    [FieldOffset(8)] public int Fd;
    [FieldOffset(16)] public uint DataOffset;
}

/// <summary>struct v4l2_exportbuffer (VIDIOC_EXPBUF: a buffer of a queue as a dmabuf file descriptor).</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct V4l2ExportBuffer
{
    [FieldOffset(0)] public uint Type;
    [FieldOffset(4)] public uint Index;
    [FieldOffset(8)] public uint Plane;
    [FieldOffset(12)] public uint Flags;
    [FieldOffset(16)] public int Fd;
}

/// <summary>struct v4l2_encoder_cmd.</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
internal struct V4l2EncoderCmd
{
    [FieldOffset(0)] public uint Cmd;
    [FieldOffset(4)] public uint Flags;
}

/// <summary>struct v4l2_streamparm with the v4l2_outputparm member (frame interval of an encoder's raw input).</summary>
[StructLayout(LayoutKind.Explicit, Size = 204)]
internal struct V4l2StreamParm
{
    [FieldOffset(0)] public uint Type;
    [FieldOffset(4)] public uint Capability;
    [FieldOffset(12)] public uint TimePerFrameNumerator;
    [FieldOffset(16)] public uint TimePerFrameDenominator;
}

/// <summary>struct v4l2_selection (the encoder's visible rectangle on OUTPUT: V4L2_SEL_TGT_CROP).</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct V4l2Selection
{
    [FieldOffset(0)] public uint Type;
    [FieldOffset(4)] public uint Target;
    [FieldOffset(8)] public uint Flags;
    [FieldOffset(12)] public int Left;
    [FieldOffset(16)] public int Top;
    [FieldOffset(20)] public uint Width;
    [FieldOffset(24)] public uint Height;
}
