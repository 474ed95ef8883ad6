using System.Diagnostics;

namespace KvmPortal.Tests.Kernel.Gpio;

/// <summary>
/// Samples one gpio-sim line's sysfs <c>value</c> on its own thread (about every millisecond) and keeps each change with the
/// time since the recorder started, so a test can measure how long a consumer held an output at a level.
/// </summary>
public sealed class GpioLevelRecorder : IDisposable
{
    private readonly GpioSimChip _chip;
    private readonly int _offset;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<(double AtMs, bool High)> _changes = [];
    private readonly Thread _thread;
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

    /// <summary>Gets the milliseconds since recording started.</summary>
    public double NowMs => _clock.Elapsed.TotalMilliseconds;

    /// <summary>Gets the changes seen so far as (milliseconds since start, new level).</summary>
    public IReadOnlyList<(double AtMs, bool High)> Changes
    {
        get
        {
            lock (_changes)
            {
                return [.. _changes];
            }
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
        $"line {_offset}: initial {(Initial ? 1 : 0)}, changes [{string.Join(", ", Changes.Select(c => $"{(c.High ? 1 : 0)} at {c.AtMs:0} ms"))}]";

    private void Run()
    {
        var last = Initial;
        while (!_stop)
        {
            var level = _chip.ReadValue(_offset);
            if (level != last)
            {
                last = level;
                lock (_changes)
                {
                    _changes.Add((NowMs, level));
                }
            }

            Thread.Sleep(1);
        }
    }
}
