using KvmPortal.Hardware.Simulation;

namespace KvmPortal.Tests.Msd;

/// <summary>A test double for the simulated target's media input: records every change.</summary>
public sealed class RecordingMediaSink : ISimulatedMediaSink
{
    public List<(string? Image, bool CdRom, bool ReadOnly)> Changes { get; } = [];

    public void MediaChanged(string? imageName, bool cdrom, bool readOnly) => Changes.Add((imageName, cdrom, readOnly));
}
