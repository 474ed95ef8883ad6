using KvmPortal.Hardware.Video;
using KvmPortal.Hardware.Video.Interop;

namespace KvmPortal.Tests.Kernel.Video;

/// <summary>Test-side handle on vivid's capture node: finds it, selects its HDMI input and drives its DV-timings and disconnect controls.</summary>
internal sealed class VividControl : IDisposable
{
    private readonly V4l2Device _device;

    private VividControl(string path)
    {
        Path = path;
        _device = V4l2Device.Open(path);
    }

    public string Path { get; }

    /// <summary>Finds the first vivid video capture node (/dev/videoN whose sysfs name starts with "vivid" and that can capture).</summary>
    public static VividControl Open()
    {
        foreach (string dir in Directory.GetDirectories("/sys/class/video4linux", "video*").Order(StringComparer.Ordinal))
        {
            string name = File.ReadAllText(System.IO.Path.Combine(dir, "name")).Trim();
            string path = "/dev/" + System.IO.Path.GetFileName(dir);
            if (!name.StartsWith("vivid", StringComparison.Ordinal) || !File.Exists(path))
            {
                continue;
            }

            var control = new VividControl(path);
            if ((control._device.QueryCapabilities().Caps & V4l2Native.V4L2_CAP_VIDEO_CAPTURE) != 0)
            {
                return control;
            }

            control.Dispose();
        }

        throw new InvalidOperationException("no vivid capture node under /sys/class/video4linux (is the vivid module loaded?)");
    }

    public IReadOnlyList<string> InputNames => [.. _device.EnumerateInputs().Select(i => i.Name)];

    public IReadOnlyList<string> Formats => [.. _device.EnumerateFormats().Select(V4l2Native.FourccText)];

    /// <summary>Makes the HDMI input current (controls act on the current input) and switches it to "Selected DV Timings" of the given size.</summary>
    public void SelectHdmiTimings(string input, int width, int height)
    {
        var inputs = _device.EnumerateInputs();
        var hdmi = V4l2VideoSource.FindInput(inputs, input)
            ?? throw new InvalidOperationException($"vivid has no input '{input}': {string.Join(", ", inputs.Select(i => i.Name))}");
        if (_device.GetInput() != hdmi.Index)
        {
            _device.SetInput(hdmi.Index);
        }

        var mode = Control("DV Timings Signal Mode");
        uint selected = Menu(mode, item => item == "Selected DV Timings");
        var timings = Control("DV Timings");
        uint item = Menu(timings, name => name.StartsWith($"{width}x{height}p", StringComparison.Ordinal));
        _device.SetControl(timings.Id, (int)item);
        _device.SetControl(mode.Id, (int)selected);
    }

    /// <summary>Presses vivid's "Disconnect" button: every node of the instance becomes unusable (like a USB unplug).</summary>
    public void Disconnect() => _device.SetControl(Control("Disconnect").Id, 1);

    public void Dispose() => _device.Dispose();

    private (uint Id, int Maximum) Control(string name) =>
        _device.FindControl(name) ?? throw new InvalidOperationException($"vivid control '{name}' not found");

    private uint Menu((uint Id, int Maximum) control, Func<string, bool> match)
    {
        var items = _device.QueryMenu(control.Id, (uint)control.Maximum);
        foreach (var (index, name) in items)
        {
            if (match(name))
            {
                return index;
            }
        }

        throw new InvalidOperationException($"menu of control 0x{control.Id:X} has no such item: {string.Join(", ", items.Values)}");
    }
}
