using System.Diagnostics;

namespace KvmPortal.Tests.Kernel.Gpio;

/// <summary>
/// Samples one gpio-sim line's sysfs <c>value</c> on its own thread (about every millisecond) and keeps each change, so a
/// test can measure how long a consumer held an output at a level. Each change is bracketed: the level changed after
/// <see cref="LevelChange.LastOldMs"/> (the last sample that still read the old level) and by <see cref="LevelChange.AtMs"/>,
/// which keeps measurements honest when the sampling thread is descheduled (QEMU TCG on a busy machine).
/// </summary>
public sealed class GpioLevelRecorder : IDisposable
{
    private readonly GpioSimChip _chip;
    private readonly int _offset;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<LevelChange> _changes = [];
    private readonly Thread _thread;
    private long _samples;
    private volatile bool _stop;

    public GpioLevelRecorder(GpioSimChip chip, int offset)
    {
        _chip = chip;
        _offset = offset;
        Initial = chip.ReadValue(offset);
        _thread = new Thread(Run) { IsBackground = true, Name = $"gpio-sim line {offset} recorder" };
        _thread.Start();
    }

    /// <summary>Gets the level when recording started.</summary>
    public bool Initial { get; }

    /// <summary>Gets the changes seen so far.</summary>
    public IReadOnlyList<LevelChange> Changes
    {
        get
        {
            lock (_changes)
            {
                return [.. _changes];
            }
        }
    }

    /// <summary>Waits until a sample that started after this call has completed, so <see cref="Changes"/> covers everything done before it.</summary>
    public void Sync()
    {
        var target = Interlocked.Read(ref _samples) + 2;
        var deadline = Stopwatch.StartNew();
        while (Interlocked.Read(ref _samples) < target)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(5))
            {
                throw new TimeoutException($"the recorder of line {_offset} took no sample for 5 s");
            }

            Thread.Sleep(1);
        }
    }

    /// <summary>Stops sampling (and waits for the sampling thread).</summary>
    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }

    /// <summary>A readable list of the changes, for failure messages.</summary>
    public override string ToString() =>
        $"line {_offset}: initial {(Initial ? 1 : 0)}, changes [{string.Join(", ", Changes.Select(c => $"{(c.High ? 1 : 0)} at {c.LastOldMs:0}..{c.AtMs:0} ms"))}]";

    private void Run()
    {
        var last = Initial;
        var lastReadMs = _clock.Elapsed.TotalMilliseconds;
        while (!_stop)
        {
            var level = _chip.ReadValue(_offset);
            var now = _clock.Elapsed.TotalMilliseconds;
            if (level != last)
            {
                last = level;
                lock (_changes)
                {
                    _changes.Add(new LevelChange(level, lastReadMs, now));
                }
            }

            lastReadMs = now;
            Interlocked.Increment(ref _samples);
            Thread.Sleep(1);
        }
    }

    /// <summary>One change of level.</summary>
    /// <param name="High">The new level.</param>
    /// <param name="LastOldMs">When the old level was last read (the change happened after this).</param>
    /// <param name="AtMs">When the new level was first read (the change happened before this).</param>
    public readonly record struct LevelChange(bool High, double LastOldMs, double AtMs);
}
