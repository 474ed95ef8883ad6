using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KvmPortal.Hardware.Interop;
using KvmPortal.Hardware.Video.Interop;
using KvmPortal.Tests.Kernel.Uvc;
using Xunit;

namespace KvmPortal.Tests.Video;

/// <summary>Checks the UVC gadget feeder's structs and numbers against linux/usb/g_uvc.h, video.h and videodev2.h, compiled with gcc.</summary>
public class UvcGadgetAbiTests
{
    private static readonly Lazy<Dictionary<string, ulong>> Kernel = new(CompileAndRun);

    [Theory]
    [InlineData(nameof(UvcGadgetAbi.UVC_EVENT_CONNECT))]
    [InlineData(nameof(UvcGadgetAbi.UVC_EVENT_DISCONNECT))]
    [InlineData(nameof(UvcGadgetAbi.UVC_EVENT_STREAMON))]
    [InlineData(nameof(UvcGadgetAbi.UVC_EVENT_STREAMOFF))]
    [InlineData(nameof(UvcGadgetAbi.UVC_EVENT_SETUP))]
    [InlineData(nameof(UvcGadgetAbi.UVC_EVENT_DATA))]
    [InlineData(nameof(UvcGadgetAbi.UVCIOC_SEND_RESPONSE))]
    [InlineData(nameof(UvcGadgetAbi.V4L2_BUF_TYPE_VIDEO_OUTPUT))]
    [InlineData(nameof(UvcGadgetAbi.UVC_SET_CUR))]
    [InlineData(nameof(UvcGadgetAbi.UVC_GET_CUR))]
    [InlineData(nameof(UvcGadgetAbi.UVC_GET_MIN))]
    [InlineData(nameof(UvcGadgetAbi.UVC_GET_MAX))]
    [InlineData(nameof(UvcGadgetAbi.UVC_GET_RES))]
    [InlineData(nameof(UvcGadgetAbi.UVC_GET_LEN))]
    [InlineData(nameof(UvcGadgetAbi.UVC_GET_INFO))]
    [InlineData(nameof(UvcGadgetAbi.UVC_GET_DEF))]
    [InlineData(nameof(UvcGadgetAbi.UVC_VS_PROBE_CONTROL))]
    [InlineData(nameof(UvcGadgetAbi.UVC_VS_COMMIT_CONTROL))]
    public void Constants_MatchKernelHeaders(string name)
    {
        object value = typeof(UvcGadgetAbi).GetField(name)!.GetRawConstantValue()!;
        Assert.Equal(Kernel.Value[name], Convert.ToUInt64(value, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void SendResponse_IsIowOfUvcRequestData()
    {
        Assert.Equal(UvcGadgetAbi.UVCIOC_SEND_RESPONSE, Libc.IoW('U', 1, (uint)Unsafe.SizeOf<UvcRequestData>()));
    }

    [Theory]
    [InlineData("sizeof_uvc_request_data", 64)]
    [InlineData("sizeof_uvc_event", 64)]
    [InlineData("sizeof_usb_ctrlrequest", 8)]
    [InlineData("sizeof_uvc_streaming_control", UvcGadgetAbi.StreamingControlSize)]
    [InlineData("sizeof_v4l2_event_u", 64)]
    public void Sizes_MatchKernelHeaders(string key, int ours)
    {
        Assert.Equal((ulong)ours, Kernel.Value[key]);
    }

    [Fact]
    public void OurStructs_HaveTheKernelSizes_AndTheEventPayloadSitsWhereV4l2EventPutsIt()
    {
        Assert.Equal(Kernel.Value["sizeof_uvc_request_data"], (ulong)Unsafe.SizeOf<UvcRequestData>());
        Assert.Equal(Kernel.Value["sizeof_usb_ctrlrequest"], (ulong)Unsafe.SizeOf<UsbCtrlRequest>());
        Assert.Equal(Kernel.Value["offsetof_v4l2_event_u"], (ulong)Marshal.OffsetOf<V4l2Event>(nameof(V4l2Event.SourceChanges)));
    }

    [Theory]
    [InlineData("offsetof_uvc_request_data_data", typeof(UvcRequestData), nameof(UvcRequestData.Data))]
    [InlineData("offsetof_usb_ctrlrequest_bRequest", typeof(UsbCtrlRequest), nameof(UsbCtrlRequest.Request))]
    [InlineData("offsetof_usb_ctrlrequest_wValue", typeof(UsbCtrlRequest), nameof(UsbCtrlRequest.Value))]
    [InlineData("offsetof_usb_ctrlrequest_wIndex", typeof(UsbCtrlRequest), nameof(UsbCtrlRequest.Index))]
    [InlineData("offsetof_usb_ctrlrequest_wLength", typeof(UsbCtrlRequest), nameof(UsbCtrlRequest.Length))]
    public void FieldOffsets_MatchKernelHeaders(string key, Type type, string field)
    {
        Assert.Equal(Kernel.Value[key], (ulong)Marshal.OffsetOf(type, field));
    }

    [Theory]
    [InlineData("offsetof_v4l2_event_u", UvcGadgetAbi.V4l2EventDataOffset)]
    [InlineData("offsetof_uvc_streaming_control_bFormatIndex", UvcGadgetAbi.ProbeFormatIndex)]
    [InlineData("offsetof_uvc_streaming_control_bFrameIndex", UvcGadgetAbi.ProbeFrameIndex)]
    [InlineData("offsetof_uvc_streaming_control_dwFrameInterval", UvcGadgetAbi.ProbeFrameInterval)]
    [InlineData("offsetof_uvc_streaming_control_dwMaxVideoFrameSize", UvcGadgetAbi.ProbeMaxVideoFrameSize)]
    [InlineData("offsetof_uvc_streaming_control_dwMaxPayloadTransferSize", UvcGadgetAbi.ProbeMaxPayloadTransferSize)]
    [InlineData("offsetof_uvc_streaming_control_bmFramingInfo", 30)]
    public void ByteOffsets_MatchKernelHeaders(string key, int ours)
    {
        Assert.Equal((ulong)ours, Kernel.Value[key]);
    }

    // The program prints unsigned decimal values, all far below 2^63.
    private static Dictionary<string, ulong> CompileAndRun() =>
        Encoders.CHeaderProbe.Run(CProgram).ToDictionary(p => p.Key, p => (ulong)p.Value, StringComparer.Ordinal);

    private const string CProgram = """
        #include <stdio.h>
        #include <stddef.h>
        #include <linux/videodev2.h>
        #include <linux/usb/ch9.h>
        #include <linux/usb/video.h>
        #include <linux/usb/g_uvc.h>
        #define V(n) printf("%s=%llu\n", #n, (unsigned long long)(unsigned int)(n));
        #define S(t) printf("sizeof_%s=%zu\n", #t, sizeof(struct t));
        #define O(t,f) printf("offsetof_%s_%s=%zu\n", #t, #f, offsetof(struct t, f));
        int main(void) {
            V(UVC_EVENT_CONNECT) V(UVC_EVENT_DISCONNECT) V(UVC_EVENT_STREAMON) V(UVC_EVENT_STREAMOFF) V(UVC_EVENT_SETUP)
            V(UVC_EVENT_DATA) V(UVCIOC_SEND_RESPONSE) V(V4L2_BUF_TYPE_VIDEO_OUTPUT)
            V(UVC_SET_CUR) V(UVC_GET_CUR) V(UVC_GET_MIN) V(UVC_GET_MAX) V(UVC_GET_RES) V(UVC_GET_LEN) V(UVC_GET_INFO) V(UVC_GET_DEF)
            V(UVC_VS_PROBE_CONTROL) V(UVC_VS_COMMIT_CONTROL)
            S(uvc_request_data) S(uvc_event) S(usb_ctrlrequest) S(uvc_streaming_control)
            printf("sizeof_v4l2_event_u=%zu\n", sizeof(((struct v4l2_event *)0)->u));
            O(v4l2_event,u) O(uvc_request_data,data)
            O(usb_ctrlrequest,bRequest) O(usb_ctrlrequest,wValue) O(usb_ctrlrequest,wIndex) O(usb_ctrlrequest,wLength)
            O(uvc_streaming_control,bFormatIndex) O(uvc_streaming_control,bFrameIndex) O(uvc_streaming_control,dwFrameInterval)
            O(uvc_streaming_control,dwMaxVideoFrameSize) O(uvc_streaming_control,dwMaxPayloadTransferSize) O(uvc_streaming_control,bmFramingInfo)
            return 0;
        }
        """;
}
