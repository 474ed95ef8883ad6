using KvmPortal.Hardware.Msd;

namespace KvmPortal.Tests.Support;

/// <summary>An <see cref="IMassStorage"/> whose state the test sets, recording every call as a short text.</summary>
public sealed class FakeMassStorage : IMassStorage
{
    public event EventHandler<MassStorageState>? StateChanged;

    public MassStorageState State { get; private set; } = new(true, MsdBackend.Simulated, null, MsdMode.CdRom, true, false, false, null, null);

    public List<string> Calls { get; } = [];

    /// <summary>Gets or sets an exception every call throws (for example a busy drive).</summary>
    public MsdException? Failure { get; set; }

    public void Set(MassStorageState state)
    {
        State = state;
        StateChanged?.Invoke(this, state);
    }

    public Task SetImageAsync(string? imageName, MsdMode mode, bool readOnly, CancellationToken cancellationToken = default)
    {
        Calls.Add($"set {imageName} {mode} ro={readOnly}");
        if (Failure is not null)
        {
            return Task.FromException(Failure);
        }

        Set(State with { ImageName = imageName, Mode = mode, ReadOnly = readOnly });
        return Task.CompletedTask;
    }

    public Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        Calls.Add("connect");
        if (Failure is not null)
        {
            return Task.FromException(Failure);
        }

        Set(State with { Connected = true });
        return Task.CompletedTask;
    }

    public Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        Calls.Add("disconnect");
        if (Failure is not null)
        {
            return Task.FromException(Failure);
        }

        Set(State with { Connected = false });
        return Task.CompletedTask;
    }
}
