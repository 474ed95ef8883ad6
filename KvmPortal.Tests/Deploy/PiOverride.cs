namespace KvmPortal.Tests.Deploy;

/// <summary>
/// Every key /etc/kvmportal/override.json sets (deploy/pi/files.sh write_override). The web app refuses unknown keys inside
/// KvmPortal at start, so this list is what must exist in the options classes; a change to either side shows up here.
/// </summary>
public static class PiOverride
{
    public static readonly IReadOnlyList<string> Keys =
    [
        "KvmPortal:DataDirectory",
        "KvmPortal:Tls:Enabled",
        "KvmPortal:Tls:HttpsPort",
        "KvmPortal:Tls:HttpPort",
        "KvmPortal:Tls:CertificatePath",
        "KvmPortal:Tls:KeyPath",
        "KvmPortal:Hid:Backend",
        "KvmPortal:Msd:Backend",
        "KvmPortal:Video:Backend",
        "KvmPortal:Video:Device",
        "KvmPortal:Atx:Backend",
        "KvmPortal:Atx:GpioChip",
        "KvmPortal:Atx:PowerSwitchPin",
        "KvmPortal:Atx:ResetSwitchPin",
        "KvmPortal:Atx:PowerLedPin",
        "KvmPortal:Atx:HddLedPin",
        "KvmPortal:Wol:Backend",
    ];
}
