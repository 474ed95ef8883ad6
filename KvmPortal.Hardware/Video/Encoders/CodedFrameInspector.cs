using System.Buffers.Binary;
using KvmPortal.Hardware.Video.Interop;

namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>
/// Reads whether a coded frame is a key frame from the bitstream itself, for drivers that do not set
/// V4L2_BUF_FLAG_KEYFRAME (vicodec's encoder never does) and for software encoders.
/// </summary>
public static class CodedFrameInspector
{
    /// <summary>The size of struct fwht_cframe_hdr: magic1, magic2, then nine big-endian u32 (version, width, height, flags, ...).</summary>
    public const int FwhtHeaderSize = 44;

    /// <summary>Whether the frame decodes on its own.</summary>
    /// <returns>True for an FWHT I-frame or an H.264 access unit holding an IDR slice.</returns>
    public static bool IsKeyFrame(VideoCodec codec, ReadOnlySpan<byte> data) => codec switch
    {
        VideoCodec.Fwht => FwhtIntra(data),
        VideoCodec.H264 => H264NalTypes(data).Contains(5),
        _ => false,
    };

    /// <summary>Whether an FWHT frame header carries V4L2_FWHT_FL_I_FRAME.</summary>
    /// <returns>True for an intra frame.</returns>
    public static bool FwhtIntra(ReadOnlySpan<byte> data) =>
        data.Length >= FwhtHeaderSize
        && BinaryPrimitives.ReadUInt32LittleEndian(data) == 0x4F4F4F4F
        && BinaryPrimitives.ReadUInt32LittleEndian(data[4..]) == 0xFFFFFFFF
        && (BinaryPrimitives.ReadUInt32BigEndian(data[20..]) & V4l2M2mNative.V4L2_FWHT_FL_I_FRAME) != 0;

    /// <summary>Reads the picture size from an FWHT frame header.</summary>
    /// <returns>Width and height, or (0, 0) when there is no header.</returns>
    public static (int Width, int Height) FwhtSize(ReadOnlySpan<byte> data) =>
        data.Length >= FwhtHeaderSize && BinaryPrimitives.ReadUInt32LittleEndian(data) == 0x4F4F4F4F
            ? ((int)BinaryPrimitives.ReadUInt32BigEndian(data[12..]), (int)BinaryPrimitives.ReadUInt32BigEndian(data[16..]))
            : (0, 0);

    /// <summary>Lists the NAL unit types of an Annex-B byte stream (start codes 00 00 01 or 00 00 00 01).</summary>
    /// <returns>The types in order (7 = SPS, 8 = PPS, 5 = IDR slice, 1 = non-IDR slice).</returns>
    public static List<int> H264NalTypes(ReadOnlySpan<byte> data)
    {
        var types = new List<int>();
        for (int i = 0; i + 3 < data.Length; i++)
        {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1)
            {
                types.Add(data[i + 3] & 0x1F);
                i += 3;
            }
        }

        return types;
    }
}
