namespace KvmPortal.Health;

/// <summary>Implemented by hardware-facing services that /healthz should take into account.</summary>
public interface IHardwareHealth
{
    /// <summary>Gets the component's name, for logs and the admin view.</summary>
    string Name { get; }

    /// <summary>Gets a value indicating whether the component's hosted service runs (a disconnected target is not a failure).</summary>
    bool IsRunning { get; }
}
