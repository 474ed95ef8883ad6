namespace KvmPortal.Hardware.Simulation;

/// <summary>Receives the USB HID reports that the Simulated HID backend would have written to /dev/hidgN.</summary>
public interface ISimulatedHidSink
{
    /// <summary>A boot-keyboard report: 8 bytes (modifiers, reserved, 6 key usages).</summary>
    void KeyboardReport(ReadOnlySpan<byte> report);

    /// <summary>An absolute-mouse report (layout as written to the absolute-mouse gadget function).</summary>
    void AbsoluteMouseReport(ReadOnlySpan<byte> report);

    /// <summary>A relative (boot) mouse report.</summary>
    void RelativeMouseReport(ReadOnlySpan<byte> report);

    /// <summary>Gets the keyboard LED state the simulated host reports (bit 0 Num, 1 Caps, 2 Scroll).</summary>
    byte KeyboardLeds { get; }
}
