using System.Buffers.Binary;
using System.Runtime.InteropServices;
using KvmPortal.Hardware.Interop;

namespace KvmPortal.Tests.Kernel.Uvc;

/// <summary>Probe/commit negotiation (UVC 1.1 §4.3.1.1): the dongle offers the gadget's formats and frame sizes at 30 fps.</summary>
internal sealed unsafe partial class UvcFeeder
{
    private byte[] _probe = new byte[UvcGadgetAbi.StreamingControlSize];
    private byte[] _commit = new byte[UvcGadgetAbi.StreamingControlSize];
    private byte _pendingSet;

    /// <summary>Gets the frame index of the last commit (what the host asked to stream).</summary>
    public int CommittedFrameIndex => _commit[UvcGadgetAbi.ProbeFrameIndex];

    private byte[] StreamingControl(int formatIndex, int frameIndex)
    {
        var frame = _gadget.Frame(formatIndex, frameIndex);
        var control = new byte[UvcGadgetAbi.StreamingControlSize];
        BinaryPrimitives.WriteUInt16LittleEndian(control, 1); // bmHint: dwFrameInterval fixed
        control[UvcGadgetAbi.ProbeFormatIndex] = (byte)formatIndex;
        control[UvcGadgetAbi.ProbeFrameIndex] = (byte)frameIndex;
        BinaryPrimitives.WriteUInt32LittleEndian(control.AsSpan(UvcGadgetAbi.ProbeFrameInterval), UvcDongleGadget.FrameInterval);
        int maxFrame = frame is { Mjpeg: false } raw ? raw.Width * raw.Height * 2 : UvcDongleGadget.MaxFrameBytes;
        BinaryPrimitives.WriteUInt32LittleEndian(control.AsSpan(UvcGadgetAbi.ProbeMaxVideoFrameSize), (uint)maxFrame);
        BinaryPrimitives.WriteUInt32LittleEndian(control.AsSpan(UvcGadgetAbi.ProbeMaxPayloadTransferSize), UvcDongleGadget.MaxPayload);
        control[30] = 3; // bmFramingInfo: FID and EOF present
        control[31] = control[32] = control[33] = 1; // bPreferedVersion, bMinVersion, bMaxVersion
        return control;
    }

    private void ResetControls()
    {
        _probe = StreamingControl(1, 1);
        _commit = StreamingControl(1, 1);
        _pendingSet = 0;
    }

    /// <summary>Answers one SETUP: probe/commit requests to the streaming interface; everything else stalls, as on a dongle without controls.</summary>
    private void HandleSetup(UsbCtrlRequest setup)
    {
        UvcRequestData response = default;
        response.Length = -1; // stall
        byte selector = (byte)(setup.Value >> 8);
        bool streaming = (setup.RequestType & 0x60) == 0x20 && (setup.Index & 0xFF) == _gadget.StreamingInterface &&
            selector is UvcGadgetAbi.UVC_VS_PROBE_CONTROL or UvcGadgetAbi.UVC_VS_COMMIT_CONTROL;
        if (streaming)
        {
            byte[]? reply = setup.Request switch
            {
                UvcGadgetAbi.UVC_GET_CUR => selector == UvcGadgetAbi.UVC_VS_PROBE_CONTROL ? _probe : _commit,
                UvcGadgetAbi.UVC_GET_MIN or UvcGadgetAbi.UVC_GET_DEF => StreamingControl(1, 1),
                UvcGadgetAbi.UVC_GET_MAX => StreamingControl(UvcDongleGadget.FormatCount, UvcDongleGadget.FrameCount),
                UvcGadgetAbi.UVC_GET_RES => new byte[UvcGadgetAbi.StreamingControlSize],
                UvcGadgetAbi.UVC_GET_LEN => [UvcGadgetAbi.StreamingControlSize, 0],
                UvcGadgetAbi.UVC_GET_INFO => [3], // supports GET and SET
                _ => null,
            };
            if (setup.Request == UvcGadgetAbi.UVC_SET_CUR)
            {
                _pendingSet = selector;
                response.Length = setup.Length; // accept the data stage; it arrives as UVC_EVENT_DATA
            }
            else if (reply is not null)
            {
                response.Length = Math.Min(setup.Length, reply.Length);
                reply.AsSpan(0, response.Length).CopyTo(new Span<byte>(response.Data, 60));
            }
        }

        if (Libc.Ioctl(_fd, UvcGadgetAbi.UVCIOC_SEND_RESPONSE, &response) < 0)
        {
            throw new IOException("UVCIOC_SEND_RESPONSE: " + Libc.ErrorText(Marshal.GetLastPInvokeError()));
        }
    }

    /// <summary>The data stage of a SET_CUR probe/commit: keep the host's frame choice, fill in what the dongle decides.</summary>
    private void HandleData(UvcRequestData* data)
    {
        byte selector = _pendingSet;
        _pendingSet = 0;
        if (selector == 0 || data->Length < 4)
        {
            return;
        }

        int formatIndex = Math.Clamp((int)data->Data[UvcGadgetAbi.ProbeFormatIndex], 1, UvcDongleGadget.FormatCount);
        int frameIndex = Math.Clamp((int)data->Data[UvcGadgetAbi.ProbeFrameIndex], 1, UvcDongleGadget.FrameCount);
        byte[] control = StreamingControl(formatIndex, frameIndex);
        if (selector == UvcGadgetAbi.UVC_VS_PROBE_CONTROL)
        {
            _probe = control;
        }
        else
        {
            _commit = control;
            Log($"commit: format {formatIndex} frame {frameIndex} ({_gadget.Frame(formatIndex, frameIndex)})");
        }
    }
}
