namespace KvmPortal.Hardware.Health;

/// <summary>A hardware service whose worker threads report liveness (used by the systemd watchdog's health check).</summary>
public interface IWatchedService
{
    ServiceHeartbeat Heartbeat { get; }
}
