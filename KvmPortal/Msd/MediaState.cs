using KvmPortal.Hardware.Msd;

namespace KvmPortal.Msd;

/// <summary>The drive's state in one sentence for the media panel.</summary>
public static class MediaState
{
    public static string Describe(MassStorageState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state switch
        {
            { Enabled: false } => "Virtual media is disabled.",
            { Connected: true, ImageName: { } name } s =>
                $"Attached: {name} as {(s.Mode == MsdMode.CdRom ? "CD-ROM" : "flash drive")}{(s.ReadOnly ? ", read-only" : "")}{(s.HostHasRead == true ? " · the host has read it" : "")}",
            { ImageName: { } name } => $"Selected: {name} (not attached)",
            _ => "No image attached.",
        };
    }
}
