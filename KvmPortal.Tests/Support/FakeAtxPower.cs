using System.Runtime.CompilerServices;
using KvmPortal.Hardware.Atx;

namespace KvmPortal.Tests.Support;

/// <summary>An <see cref="IAtxPower"/> whose state the test sets, recording every action asked of it.</summary>
public sealed class FakeAtxPower : IAtxPower
{
    public event EventHandler<AtxState>? StateChanged;

    public AtxState State { get; private set; } = new(Enabled: true, Busy: false, PowerLed: false, HddLed: false);

    public List<AtxPowerAction> Actions { get; } = [];

    /// <summary>Gets or sets an exception thrown by the next <see cref="PowerAsync"/> call.</summary>
    public Exception? ThrowNext { get; set; }

    public void Set(AtxState state)
    {
        State = state;
        StateChanged?.Invoke(this, state);
    }

    public async IAsyncEnumerable<AtxState> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        yield return State;
    }

    public Task<bool> PowerAsync(AtxPowerAction action, bool wait, CancellationToken cancellationToken)
    {
        if (ThrowNext is { } ex)
        {
            ThrowNext = null;
            return Task.FromException<bool>(ex);
        }

        Actions.Add(action);
        return Task.FromResult(true);
    }

    public Task ClickAsync(AtxButton button, bool wait, CancellationToken cancellationToken) => throw new NotSupportedException("The power panel uses PowerAsync.");

    public Task PowerCycleAsync(bool wait, CancellationToken cancellationToken) => throw new NotSupportedException("The power panel uses PowerAsync.");
}
