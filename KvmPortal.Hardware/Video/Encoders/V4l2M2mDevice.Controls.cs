using KvmPortal.Hardware.Video.Interop;

namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>Control access of the M2M node (codec controls: bitrate, GOP, profile, level, forced key frame).</summary>
internal sealed unsafe partial class V4l2M2mDevice
{
    /// <summary>QUERYCTRL: the control's range, or null when the driver does not have it (or it is disabled).</summary>
    public (int Minimum, int Maximum, string Name)? QueryControl(uint id)
    {
        V4l2QueryCtrl query = default;
        query.Id = id;
        if (TryIoctl(V4l2Native.VIDIOC_QUERYCTRL, &query) != 0 || (query.Flags & 0x1 /* V4L2_CTRL_FLAG_DISABLED */) != 0)
        {
            return null;
        }

        return (query.Minimum, query.Maximum, V4l2Text.Read(query.Name, 32));
    }

    public int GetControl(uint id)
    {
        V4l2Control control = new() { Id = id };
        Ioctl(V4l2Native.VIDIOC_G_CTRL, &control, $"G_CTRL 0x{id:X}");
        return control.Value;
    }

    public void SetControl(uint id, int value)
    {
        V4l2Control control = new() { Id = id, Value = value };
        Ioctl(V4l2Native.VIDIOC_S_CTRL, &control, $"S_CTRL 0x{id:X}={value}");
    }
}
