namespace KvmPortal.Hardware.Wol;

/// <summary>Wake-on-LAN switched off.</summary>
public sealed class DisabledWakeOnLan : IWakeOnLan
{
    /// <inheritdoc/>
    public bool Enabled => false;

    /// <inheritdoc/>
    public string? TargetMac => null;

    /// <inheritdoc/>
    public Task SendAsync(CancellationToken cancellationToken) => Task.FromException(new WolDisabledException());
}
