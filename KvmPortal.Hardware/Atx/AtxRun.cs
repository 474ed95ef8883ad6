namespace KvmPortal.Hardware.Atx;

/// <summary>The action holding the exclusive ATX region: its kind, a token a forced power-off can cancel, and its completion.</summary>
internal sealed class AtxRun : IDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _preempted;

    public AtxRun(AtxRunKind kind, CancellationToken callerToken)
    {
        Kind = kind;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
    }

    public AtxRunKind Kind { get; }

    public CancellationToken Token => _cancel.Token;

    public bool Preempted => _preempted;

    public Task Completion => _done.Task;

    /// <summary>Cancels the action on behalf of a forced power-off (call while it still holds the region).</summary>
    public void Preempt()
    {
        _preempted = true;
        _cancel.Cancel();
    }

    /// <summary>Marks the action finished (after it left the region).</summary>
    public void Dispose()
    {
        _done.TrySetResult();
        _cancel.Dispose();
    }
}
