using KvmPortal.Hardware.Hid;
using KvmPortal.Hardware.Simulation;

namespace KvmPortal.Tests.Simulation;

/// <summary>Keeps the simulated screen changing for benchmarks: the target's pointer moves 30 times a second until cancelled.</summary>
internal static class PointerMotion
{
    public static async Task MoveAsync(SimulatedTarget target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(1000.0 / 30));
        var report = new byte[HidDescriptors.AbsoluteMouseReportLength];
        var step = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                MouseReports.WriteAbsolute(report, MouseButtons.None, (step++ * 97) % 32767, (step * 61) % 32767, 0, 0);
                target.AbsoluteMouseReport(report);
            }
        }
        catch (OperationCanceledException)
        {
            // Done.
        }
    }
}
