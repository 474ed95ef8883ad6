using Microsoft.Extensions.Hosting;

namespace KvmPortal.Hardware.Serial;

/// <summary>Starts the serial ports with the host (the ports stop when the container disposes them).</summary>
internal sealed class SerialLifetimeService(ISerialPorts ports) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ports.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
