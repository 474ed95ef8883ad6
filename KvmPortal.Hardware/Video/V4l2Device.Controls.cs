using KvmPortal.Hardware.Video.Interop;

namespace KvmPortal.Hardware.Video;

/// <summary>Control access (used for DV receivers' status controls and by the vivid kernel tests).</summary>
internal sealed unsafe partial class V4l2Device
{
    public int GetControl(uint id)
    {
        V4l2Control control = new() { Id = id };
        Ioctl(V4l2Native.VIDIOC_G_CTRL, &control, "G_CTRL");
        return control.Value;
    }

    public void SetControl(uint id, int value)
    {
        V4l2Control control = new() { Id = id, Value = value };
        Ioctl(V4l2Native.VIDIOC_S_CTRL, &control, "S_CTRL");
    }

    /// <summary>Lists the names of a menu control's items (index → name; skipped items absent).</summary>
    public Dictionary<uint, string> QueryMenu(uint id, uint maximum)
    {
        var items = new Dictionary<uint, string>();
        for (uint i = 0; i <= maximum; i++)
        {
            V4l2QueryMenu menu = default;
            menu.Id = id;
            menu.Index = i;
            if (TryIoctl(V4l2Native.VIDIOC_QUERYMENU, &menu) == 0)
            {
                items[i] = V4l2Text.Read(menu.Name, 32);
            }
        }

        return items;
    }

    /// <summary>Finds a control by its exact name (walks the list with V4L2_CTRL_FLAG_NEXT_CTRL).</summary>
    public (uint Id, int Maximum)? FindControl(string name)
    {
        uint id = V4l2Native.V4L2_CTRL_FLAG_NEXT_CTRL;
        for (int n = 0; n < 1024; n++)
        {
            V4l2QueryCtrl query = default;
            query.Id = id;
            if (TryIoctl(V4l2Native.VIDIOC_QUERYCTRL, &query) != 0)
            {
                return null;
            }

            if (V4l2Text.Read(query.Name, 32) == name)
            {
                return (query.Id, query.Maximum);
            }

            id = query.Id | V4l2Native.V4L2_CTRL_FLAG_NEXT_CTRL;
        }

        return null;
    }
}
