namespace KvmPortal.Hardware.Wol;

/// <summary>Wakes the target server over the network.</summary>
public interface IWakeOnLan
{
    /// <summary>Gets a value indicating whether Wake-on-LAN is configured.</summary>
    bool Enabled { get; }

    /// <summary>Gets the target MAC address (aa:bb:cc:dd:ee:ff), or null when none is configured.</summary>
    string? TargetMac { get; }

    /// <summary>Sends the wake-up.</summary>
    Task SendAsync(CancellationToken cancellationToken);
}
