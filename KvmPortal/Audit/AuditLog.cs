using System.Threading.Channels;
using KvmPortal.Data;

namespace KvmPortal.Audit;

/// <summary>
/// The audit trail's writer: <see cref="Write"/> queues to a bounded channel (never blocks; when full, the row is dropped and
/// counted, and the drop is logged), a background loop stores batches in SQLite and forwards them to syslog.
/// A failing store or syslog never reaches the audited action.
/// </summary>
public sealed partial class AuditLog(IServiceScopeFactory scopes, SyslogForwarder syslog, TimeProvider time, ILogger<AuditLog> logger)
    : BackgroundService, IAuditLog
{
    private const int Capacity = 10_000;
    private const int FieldLimit = 512;

    private readonly Channel<Item> _queue = Channel.CreateBounded<Item>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private long _dropped;

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Write(string action, string? user, string? clientAddress, string? target = null, AuditOutcome outcome = AuditOutcome.Success, string? details = null)
    {
        var entry = new AuditEntry
        {
            TimeTicks = time.GetUtcNow().UtcTicks,
            User = Clip(user),
            ClientAddress = Clip(clientAddress),
            Action = Clip(action) ?? "",
            Target = Clip(target),
            Outcome = outcome,
            Details = Clip(details),
        };
        if (!_queue.Writer.TryWrite(new Item(entry, null)))
        {
            Interlocked.Increment(ref _dropped);
            LogDropped(logger, action);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(new Item(null, done), cancellationToken);
        await done.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditEntry>();
        var flushes = new List<TaskCompletionSource>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < 500 && _queue.Reader.TryRead(out var item))
                {
                    if (item.Entry is not null)
                    {
                        batch.Add(item.Entry);
                    }

                    if (item.Flush is not null)
                    {
                        flushes.Add(item.Flush);
                    }
                }

                await StoreAsync(batch, stoppingToken);
                batch.Clear();
                flushes.ForEach(f => f.TrySetResult());
                flushes.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: store what is already queued, without the cancelled token.
            while (_queue.Reader.TryRead(out var item))
            {
                if (item.Entry is not null)
                {
                    batch.Add(item.Entry);
                }

                item.Flush?.TrySetResult();
            }

            await StoreAsync(batch, CancellationToken.None);
            flushes.ForEach(f => f.TrySetResult());
        }
    }

    private async Task StoreAsync(List<AuditEntry> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KvmDbContext>();
            db.Set<AuditEntry>().AddRange(batch);
            await db.SaveChangesAsync(cancellationToken);
        }
#pragma warning disable CA1031 // The audit writer must survive any storage failure; it is logged.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogStoreFailed(logger, ex, batch.Count);
        }

        await syslog.ForwardAsync(batch, cancellationToken);
    }

    private static string? Clip(string? value) => value is null || value.Length <= FieldLimit ? value : value[..FieldLimit];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit queue full: dropped a {Action} row")]
    private static partial void LogDropped(ILogger logger, string action);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not store {Count} audit rows")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception, int count);

    private sealed record Item(AuditEntry? Entry, TaskCompletionSource? Flush);
}
