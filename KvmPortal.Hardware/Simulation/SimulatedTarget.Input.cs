namespace KvmPortal.Hardware.Simulation;

/// <summary>The simulated target's USB host side: it decodes the HID reports the Simulated HID backend sends.</summary>
public sealed partial class SimulatedTarget
{
    private const byte UsageErrorRollOver = 0x01;
    private const int AbsoluteMax = 32767;

    private readonly byte[] _pressedKeys = new byte[6];
    private int _pointerX;
    private int _pointerY;
    private byte _mouseButtons;

    /// <inheritdoc/>
    public byte KeyboardLeds
    {
        get
        {
            lock (_gate)
            {
                return _leds;
            }
        }
    }

    /// <summary>Gets the mouse pointer position in screen pixels.</summary>
    public (int X, int Y) PointerPosition
    {
        get
        {
            lock (_gate)
            {
                return (_pointerX, _pointerY);
            }
        }
    }

    /// <summary>Gets the mouse buttons held in the last mouse report (bit 0 left, 1 right, 2 middle).</summary>
    public byte MouseButtons
    {
        get
        {
            lock (_gate)
            {
                return _mouseButtons;
            }
        }
    }

    /// <inheritdoc/>
    public void KeyboardReport(ReadOnlySpan<byte> report)
    {
        if (report.Length < 8)
        {
            throw new ArgumentException("A boot-keyboard report has 8 bytes.", nameof(report));
        }

        var keys = report.Slice(2, 6);
        if (keys.Contains(UsageErrorRollOver))
        {
            // Phantom state (more keys than the report holds): the host keeps the previous key state.
            return;
        }

        lock (_gate)
        {
            foreach (var usage in keys)
            {
                if (usage > UsageErrorRollOver + 2 && !_pressedKeys.AsSpan().Contains(usage) && _poweredOn)
                {
                    OnKeyPressedLocked(usage, report[0]);
                }
            }

            keys.CopyTo(_pressedKeys);
        }
    }

    /// <inheritdoc/>
    public void AbsoluteMouseReport(ReadOnlySpan<byte> report)
    {
        if (report.Length < 5)
        {
            throw new ArgumentException("An absolute-mouse report has at least 5 bytes (buttons, X, Y).", nameof(report));
        }

        var x = Math.Clamp(report[1] | (report[2] << 8), 0, AbsoluteMax);
        var y = Math.Clamp(report[3] | (report[4] << 8), 0, AbsoluteMax);
        lock (_gate)
        {
            MovePointerLocked(
                (int)((long)x * (Width - 1) / AbsoluteMax),
                (int)((long)y * (Height - 1) / AbsoluteMax),
                report[0]);
        }
    }

    /// <inheritdoc/>
    public void RelativeMouseReport(ReadOnlySpan<byte> report)
    {
        if (report.Length < 3)
        {
            throw new ArgumentException("A relative-mouse report has at least 3 bytes (buttons, dX, dY).", nameof(report));
        }

        lock (_gate)
        {
            MovePointerLocked(_pointerX + (sbyte)report[1], _pointerY + (sbyte)report[2], report[0]);
        }
    }

    private void MovePointerLocked(int x, int y, byte buttons)
    {
        x = Math.Clamp(x, 0, Width - 1);
        y = Math.Clamp(y, 0, Height - 1);
        _mouseButtons = buttons;
        if (x == _pointerX && y == _pointerY)
        {
            return;
        }

        _pointerX = x;
        _pointerY = y;
        if (_poweredOn)
        {
            Touch();
        }
    }
}
