namespace KvmPortal.Hardware.Simulation;

/// <summary>Receives virtual-media changes from the Simulated mass-storage backend.</summary>
public interface ISimulatedMediaSink
{
    /// <summary>Called when an image is attached (name and mode) or detached (<paramref name="imageName"/> null).</summary>
    void MediaChanged(string? imageName, bool cdrom, bool readOnly);
}
