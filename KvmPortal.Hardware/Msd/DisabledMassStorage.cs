namespace KvmPortal.Hardware.Msd;

/// <summary>No virtual drive: the state says disabled and every operation is refused.</summary>
public sealed class DisabledMassStorage : IMassStorage
{
    private static readonly MassStorageState Disabled = new(false, MsdBackend.Disabled, null, MsdMode.CdRom, true, false, false, null, null);

    /// <inheritdoc/>
    public event EventHandler<MassStorageState>? StateChanged
    {
        add { }
        remove { }
    }

    /// <inheritdoc/>
    public MassStorageState State => Disabled;

    /// <inheritdoc/>
    public Task SetImageAsync(string? imageName, MsdMode mode, bool readOnly, CancellationToken cancellationToken = default) => Refuse();

    /// <inheritdoc/>
    public Task ConnectAsync(CancellationToken cancellationToken = default) => Refuse();

    /// <inheritdoc/>
    public Task DisconnectAsync(CancellationToken cancellationToken = default) => Refuse();

    private static Task Refuse() => Task.FromException(new MsdException(MsdErrorCode.Disabled, "virtual media is disabled in the configuration (KvmPortal:Msd:Backend)"));
}
