using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Hid;

/// <summary>Releases every key and button when the application stops, so nothing stays held on the target.</summary>
internal sealed class HidLifetimeService(IHidOutput output, TimeProvider time, ILogger<HidLifetimeService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        output.ReleaseAll();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        HidLog.ReleaseAll(logger, "shutdown");
        output.ReleaseAll();

        // Give the writer threads a moment to flush the release reports before the process ends (each write gives up within 100 ms).
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(150), time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // stopping anyway
        }
    }
}
