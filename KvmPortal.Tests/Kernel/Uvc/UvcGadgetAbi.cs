using System.Runtime.InteropServices;

#pragma warning disable SA1307, SA1401, CA1051 // interop structs mirror the kernel ABI field by field

namespace KvmPortal.Tests.Kernel.Uvc;

/// <summary>
/// The UVC gadget's userspace API (linux/usb/g_uvc.h) and the UVC probe/commit block (linux/usb/video.h), as the test
/// feeder uses them on 64-bit Linux. Checked against the headers with gcc by <c>UvcGadgetAbiTests</c>.
/// </summary>
internal static class UvcGadgetAbi
{
    public const uint V4L2_EVENT_PRIVATE_START = 0x08000000;
    public const uint UVC_EVENT_CONNECT = V4L2_EVENT_PRIVATE_START + 0;
    public const uint UVC_EVENT_DISCONNECT = V4L2_EVENT_PRIVATE_START + 1;
    public const uint UVC_EVENT_STREAMON = V4L2_EVENT_PRIVATE_START + 2;
    public const uint UVC_EVENT_STREAMOFF = V4L2_EVENT_PRIVATE_START + 3;
    public const uint UVC_EVENT_SETUP = V4L2_EVENT_PRIVATE_START + 4;
    public const uint UVC_EVENT_DATA = V4L2_EVENT_PRIVATE_START + 5;

    /// <summary>_IOW('U', 1, struct uvc_request_data).</summary>
    public const nuint UVCIOC_SEND_RESPONSE = 0x40405501;

    /// <summary>Offset of the event payload (struct uvc_event) inside struct v4l2_event (its union u).</summary>
    public const int V4l2EventDataOffset = 8;

    public const uint V4L2_BUF_TYPE_VIDEO_OUTPUT = 2;

    public const byte USB_DIR_IN = 0x80;
    public const byte UVC_SET_CUR = 0x01;
    public const byte UVC_GET_CUR = 0x81;
    public const byte UVC_GET_MIN = 0x82;
    public const byte UVC_GET_MAX = 0x83;
    public const byte UVC_GET_RES = 0x84;
    public const byte UVC_GET_LEN = 0x85;
    public const byte UVC_GET_INFO = 0x86;
    public const byte UVC_GET_DEF = 0x87;
    public const byte UVC_VS_PROBE_CONTROL = 0x01;
    public const byte UVC_VS_COMMIT_CONTROL = 0x02;

    /// <summary>sizeof(struct uvc_streaming_control): the UVC 1.1 probe/commit block (packed).</summary>
    public const int StreamingControlSize = 34;
    public const int ProbeFormatIndex = 2;
    public const int ProbeFrameIndex = 3;
    public const int ProbeFrameInterval = 4;
    public const int ProbeMaxVideoFrameSize = 18;
    public const int ProbeMaxPayloadTransferSize = 22;
}

/// <summary>struct usb_ctrlrequest (linux/usb/ch9.h): the SETUP packet of a UVC_EVENT_SETUP.</summary>
[StructLayout(LayoutKind.Explicit, Size = 8)]
internal struct UsbCtrlRequest
{
    [FieldOffset(0)] public byte RequestType;
    [FieldOffset(1)] public byte Request;
    [FieldOffset(2)] public ushort Value;
    [FieldOffset(4)] public ushort Index;
    [FieldOffset(6)] public ushort Length;
}

/// <summary>struct uvc_request_data: the answer to a SETUP (UVCIOC_SEND_RESPONSE; length &lt; 0 stalls) and the UVC_EVENT_DATA payload.</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal unsafe struct UvcRequestData
{
    [FieldOffset(0)] public int Length;
    [FieldOffset(4)] public fixed byte Data[60];
}
