using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Macros;

/// <summary>
/// A ManualTimeProvider that also says how many one-shot timers are waiting, so a test can advance virtual time only while the code
/// under test is blocked on a delay (never racing ahead of it).
/// </summary>
internal sealed class StepClock : TimeProvider
{
    private int _waiting;

    public ManualTimeProvider Manual { get; } = new();

    public int Waiting => Volatile.Read(ref _waiting);

    public override DateTimeOffset GetUtcNow() => Manual.GetUtcNow();

    public override long GetTimestamp() => Manual.GetTimestamp();

    public override long TimestampFrequency => Manual.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _waiting);
        var done = 0;
        void Finish()
        {
            if (Interlocked.Exchange(ref done, 1) == 0)
            {
                Interlocked.Decrement(ref _waiting);
            }
        }

        var timer = Manual.CreateTimer(s =>
        {
            Finish();
            callback(s);
        }, state, dueTime, period);
        return new Tracked(timer, Finish);
    }

    /// <summary>Runs <paramref name="work"/> to completion, advancing 1 ms whenever it waits on a timer.</summary>
    public async Task<T> DriveAsync<T>(Task<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        for (var spins = 0; !work.IsCompleted; spins++)
        {
            if (Waiting > 0)
            {
                Manual.Advance(TimeSpan.FromMilliseconds(1));
                spins = 0;
            }
            else
            {
                if (spins > 5000)
                {
                    throw new TimeoutException("The work neither finished nor waited on a timer.");
                }

                await Task.Delay(1);
            }
        }

        return await work;
    }

    private sealed class Tracked(ITimer inner, Action finish) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            finish();
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            finish();
            return inner.DisposeAsync();
        }
    }
}
