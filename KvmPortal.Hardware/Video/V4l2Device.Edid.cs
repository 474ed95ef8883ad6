using KvmPortal.Hardware.Video.Interop;

namespace KvmPortal.Hardware.Video;

/// <summary>Setting an HDMI receiver's EDID (VIDIOC_S_EDID on the video node; <c>pad</c> is the input index there).</summary>
internal sealed unsafe partial class V4l2Device
{
    /// <summary>Gives input <paramref name="input"/> the EDID (whole 128-byte blocks, see <see cref="EdidImage"/>); returns 0 or errno.</summary>
    public int TrySetEdid(uint input, ReadOnlySpan<byte> edid)
    {
        if (edid.Length == 0 || edid.Length % EdidImage.BlockSize != 0)
        {
            throw new ArgumentException("An EDID is whole 128-byte blocks.", nameof(edid));
        }

        fixed (byte* data = edid)
        {
            V4l2Edid request = new() { Pad = input, StartBlock = 0, Blocks = (uint)(edid.Length / EdidImage.BlockSize), Edid = data };
            return TryIoctl(V4l2Native.VIDIOC_S_EDID, &request);
        }
    }
}
