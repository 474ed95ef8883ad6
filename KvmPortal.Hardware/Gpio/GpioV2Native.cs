using System.Runtime.InteropServices;
using KvmPortal.Hardware.Interop;

namespace KvmPortal.Hardware.Gpio;

/// <summary>
/// The Linux GPIO character device uAPI v2 (<c>linux/gpio.h</c>), written from the header. Layouts are explicit so they hold on
/// 32-bit ARM as well (every <c>__aligned_u64</c> is 8-aligned there too); a test checks them against gcc.
/// </summary>
internal static class GpioV2Native
{
    public const int LinesMax = 64;
    public const int NumAttrsMax = 10;
    public const int MaxNameSize = 32;

    public const ulong FlagUsed = 1UL << 0;
    public const ulong FlagActiveLow = 1UL << 1;
    public const ulong FlagInput = 1UL << 2;
    public const ulong FlagOutput = 1UL << 3;
    public const ulong FlagEdgeRising = 1UL << 4;
    public const ulong FlagEdgeFalling = 1UL << 5;
    public const ulong FlagOpenDrain = 1UL << 6;
    public const ulong FlagOpenSource = 1UL << 7;
    public const ulong FlagBiasPullUp = 1UL << 8;
    public const ulong FlagBiasPullDown = 1UL << 9;
    public const ulong FlagBiasDisabled = 1UL << 10;

    public const uint AttrIdFlags = 1;
    public const uint AttrIdOutputValues = 2;
    public const uint AttrIdDebounce = 3;

    public const uint EventRisingEdge = 1;
    public const uint EventFallingEdge = 2;

    private const uint GpioIoctlType = 0xB4;

    public static readonly nuint GetLineIoctl = Libc.IoWR(GpioIoctlType, 0x07, (uint)Marshal.SizeOf<LineRequest>());
    public static readonly nuint LineSetConfigIoctl = Libc.IoWR(GpioIoctlType, 0x0D, (uint)Marshal.SizeOf<LineConfig>());
    public static readonly nuint LineGetValuesIoctl = Libc.IoWR(GpioIoctlType, 0x0E, (uint)Marshal.SizeOf<LineValues>());
    public static readonly nuint LineSetValuesIoctl = Libc.IoWR(GpioIoctlType, 0x0F, (uint)Marshal.SizeOf<LineValues>());

    /// <summary><c>struct gpio_v2_line_values</c>.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 16)]
    public struct LineValues
    {
        [FieldOffset(0)]
        public ulong Bits;

        [FieldOffset(8)]
        public ulong Mask;
    }

    /// <summary><c>struct gpio_v2_line_attribute</c> (the union is flags, values or debounce_period_us).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 16)]
    public struct LineAttribute
    {
        [FieldOffset(0)]
        public uint Id;

        [FieldOffset(4)]
        public uint Padding;

        [FieldOffset(8)]
        public ulong FlagsOrValues;

        [FieldOffset(8)]
        public uint DebouncePeriodUs;
    }

    /// <summary><c>struct gpio_v2_line_config_attribute</c>.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 24)]
    public struct LineConfigAttribute
    {
        [FieldOffset(0)]
        public LineAttribute Attr;

        [FieldOffset(16)]
        public ulong Mask;
    }

    /// <summary><c>struct gpio_v2_line_config</c>.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 272)]
    public unsafe struct LineConfig
    {
        [FieldOffset(0)]
        public ulong Flags;

        [FieldOffset(8)]
        public uint NumAttrs;

        [FieldOffset(12)]
        public fixed uint Padding[5];

        /// <summary><c>attrs[GPIO_V2_LINE_NUM_ATTRS_MAX]</c>, 24 bytes each; use <see cref="SetAttribute"/>.</summary>
        [FieldOffset(32)]
        public fixed byte Attrs[NumAttrsMax * 24];

        public void SetAttribute(int index, LineConfigAttribute attribute)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)NumAttrsMax, nameof(index));
            fixed (byte* attrs = Attrs)
            {
                ((LineConfigAttribute*)attrs)[index] = attribute;
            }
        }
    }

    /// <summary><c>struct gpio_v2_line_request</c>.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 592)]
    public unsafe struct LineRequest
    {
        [FieldOffset(0)]
        public fixed uint Offsets[LinesMax];

        [FieldOffset(256)]
        public fixed byte Consumer[MaxNameSize];

        [FieldOffset(288)]
        public LineConfig Config;

        [FieldOffset(560)]
        public uint NumLines;

        [FieldOffset(564)]
        public uint EventBufferSize;

        [FieldOffset(568)]
        public fixed uint Padding[5];

        [FieldOffset(588)]
        public int Fd;
    }

    /// <summary><c>struct gpio_v2_line_event</c>, read from a line request fd that asked for edge detection.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 48)]
    public unsafe struct LineEvent
    {
        [FieldOffset(0)]
        public ulong TimestampNs;

        [FieldOffset(8)]
        public uint Id;

        [FieldOffset(12)]
        public uint Offset;

        [FieldOffset(16)]
        public uint Seqno;

        [FieldOffset(20)]
        public uint LineSeqno;

        [FieldOffset(24)]
        public fixed uint Padding[6];
    }
}
