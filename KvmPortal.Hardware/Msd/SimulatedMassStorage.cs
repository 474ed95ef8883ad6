using KvmPortal.Hardware.Simulation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KvmPortal.Hardware.Msd;

/// <summary>The drive of the simulated target server: keeps the state and tells the simulation what is inserted.</summary>
public sealed class SimulatedMassStorage(ImageLibrary library, ISimulatedMediaSink? sink = null, ILogger<SimulatedMassStorage>? logger = null)
    : MassStorageBase(library, (ILogger?)logger ?? NullLogger.Instance, MsdBackend.Simulated)
{
    protected override Task AttachCoreAsync(string path, string imageName, MsdMode mode, bool readOnly, CancellationToken cancellationToken)
    {
        sink?.MediaChanged(imageName, mode == MsdMode.CdRom, readOnly);
        return Task.CompletedTask;
    }

    protected override Task DetachCoreAsync(CancellationToken cancellationToken)
    {
        sink?.MediaChanged(null, false, true);
        return Task.CompletedTask;
    }
}
