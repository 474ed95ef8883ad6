using KvmPortal.Hardware.Simulation;

namespace KvmPortal.Hardware.Hid;

/// <summary>The Simulated backend: hands every report to the simulated target server's <see cref="ISimulatedHidSink"/>.</summary>
internal sealed class SimulatedHidOutput(ISimulatedHidSink sink, TimeProvider time) : ReportHidOutput(HidBackend.Simulated, time)
{
    public override HidState State
    {
        get
        {
            var leds = (KeyboardLeds)(sink.KeyboardLeds & 0x07);
            UpdateState(s => s with { Leds = leds });
            return base.State;
        }
    }

    /// <summary>Sends the report, then publishes the target's LEDs at once (a Caps Lock press changes them; the console shows them live).</summary>
    protected override void EmitKeyboard(byte[] report)
    {
        sink.KeyboardReport(report);
        var leds = (KeyboardLeds)(sink.KeyboardLeds & 0x07);
        UpdateState(s => s with { Leds = leds });
    }

    protected override void EmitAbsolute(byte[] report) => sink.AbsoluteMouseReport(report);

    protected override void EmitRelative(byte[] report) => sink.RelativeMouseReport(report);
}
