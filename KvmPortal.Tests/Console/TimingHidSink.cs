using KvmPortal.Hardware.Simulation;

namespace KvmPortal.Tests.Console;

/// <summary>
/// Decorates the simulated target's HID sink: forwards every report and notes the wall-clock arrival time (milliseconds since the
/// Unix epoch) of every key usage that newly appears in a keyboard report, i.e. every key press reaching the backend.
/// </summary>
public sealed class TimingHidSink(ISimulatedHidSink inner, TimeProvider time) : ISimulatedHidSink
{
    private readonly Lock _gate = new();
    private readonly List<(double ArrivedMs, byte Usage)> _presses = [];
    private byte[] _previous = new byte[8];

    public byte KeyboardLeds => inner.KeyboardLeds;

    public IReadOnlyList<(double ArrivedMs, byte Usage)> Presses
    {
        get
        {
            lock (_gate)
            {
                return [.. _presses];
            }
        }
    }

    public void KeyboardReport(ReadOnlySpan<byte> report)
    {
        var arrived = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalMilliseconds;
        lock (_gate)
        {
            if (report.Length >= 8)
            {
                foreach (var usage in report[2..8])
                {
                    if (usage != 0 && _previous.AsSpan(2, 6).IndexOf(usage) < 0)
                    {
                        _presses.Add((arrived, usage));
                    }
                }

                _previous = report[..8].ToArray();
            }
        }

        inner.KeyboardReport(report);
    }

    public void AbsoluteMouseReport(ReadOnlySpan<byte> report) => inner.AbsoluteMouseReport(report);

    public void RelativeMouseReport(ReadOnlySpan<byte> report) => inner.RelativeMouseReport(report);
}
