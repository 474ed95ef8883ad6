using KvmPortal.Hardware.Simulation;

namespace KvmPortal.Tests.Vnc;

/// <summary>
/// The simulated target's screen as the video source sees it, with a resolution a test can change while clients are connected (the
/// simulated target itself has a fixed size): a smaller size shows the top-left part of the target's picture (where its console
/// text is), a larger one pads it with a dark border. <see cref="Reset"/> goes back to the target's own size.
/// </summary>
public sealed class ResizableDisplay(SimulatedTarget target) : ISimulatedDisplay
{
    private const byte Padding = 0x30;
    private readonly Lock _lock = new();
    private (int Width, int Height)? _size;
    private long _generation;
    private byte[] _scratch = [];

    public long FrameVersion
    {
        get
        {
            lock (_lock)
            {
                return target.FrameVersion + (_generation << 40);
            }
        }
    }

    public bool HasSignal => target.HasSignal;

    public int Width
    {
        get
        {
            lock (_lock)
            {
                return _size?.Width ?? target.Width;
            }
        }
    }

    public int Height
    {
        get
        {
            lock (_lock)
            {
                return _size?.Height ?? target.Height;
            }
        }
    }

    /// <summary>Switches the picture to <paramref name="width"/> × <paramref name="height"/> (the next captured frame has it).</summary>
    public void Resize(int width, int height)
    {
        lock (_lock)
        {
            _size = (width, height);
            _generation++;
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _size = null;
            _generation++;
        }
    }

    public long RenderRgb24(Span<byte> destination)
    {
        lock (_lock)
        {
            var generation = _generation << 40;
            if (_size is not { } size)
            {
                return target.RenderRgb24(destination) + generation;
            }

            var full = target.Width * target.Height * 3;
            if (_scratch.Length != full)
            {
                _scratch = new byte[full];
            }

            var version = target.RenderRgb24(_scratch);
            destination[..(size.Width * size.Height * 3)].Fill(Padding);
            var copyWidth = Math.Min(size.Width, target.Width) * 3;
            for (var row = 0; row < Math.Min(size.Height, target.Height); row++)
            {
                _scratch.AsSpan(row * target.Width * 3, copyWidth).CopyTo(destination[(row * size.Width * 3)..]);
            }

            return version + generation;
        }
    }
}
