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

    protected override void EmitKeyboard(byte[] report) => sink.KeyboardReport(report);

    protected override void EmitAbsolute(byte[] report) => sink.AbsoluteMouseReport(report);

    protected override void EmitRelative(byte[] report) => sink.RelativeMouseReport(report);
}
