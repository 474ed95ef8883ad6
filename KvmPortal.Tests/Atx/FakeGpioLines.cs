using KvmPortal.Hardware.Gpio;
using Xunit;

namespace KvmPortal.Tests.Atx;

/// <summary>
/// Fake GPIO chip: inputs the test sets (raising an edge when the level changes, like the kernel), outputs that record every
/// level written with the fake clock's time.
/// </summary>
internal sealed class FakeGpioLines(TimeProvider time) : IGpioLineProvider
{
    private readonly Dictionary<int, FakeLine> _lines = [];

    public FakeLine this[int offset] => _lines[offset];

    public GpioDriverKind? RequestedDriver { get; private set; }

    public bool ChipDisposed { get; private set; }

    public bool IsOpen(int offset) => _lines.TryGetValue(offset, out var line) && !line.Disposed;

    public IGpioChip OpenChip(string chipPath, GpioDriverKind driver)
    {
        RequestedDriver = driver;
        return new FakeChip(this, chipPath);
    }

    private FakeLine Add(FakeLine line)
    {
        Assert.False(IsOpen(line.Offset), $"line {line.Offset} requested twice");
        _lines[line.Offset] = line;
        return line;
    }

    private sealed class FakeChip(FakeGpioLines owner, string chipPath) : IGpioChip
    {
        public string ChipPath { get; } = chipPath;

        public GpioDriverKind Driver => GpioDriverKind.LibGpiodV1;

        public IGpioLine OpenOutput(int offset, bool initialHigh) =>
            owner.Add(new FakeLine(owner.TimeSource, ChipPath, offset, output: true, initialHigh, onEdge: null));

        public IGpioLine OpenInput(int offset, Action<bool>? onEdge) =>
            owner.Add(new FakeLine(owner.TimeSource, ChipPath, offset, output: false, high: false, onEdge));

        public void Dispose()
        {
            foreach (var line in owner._lines.Values)
            {
                line.Dispose();
            }

            owner.ChipDisposed = true;
        }
    }

    private TimeProvider TimeSource => time;

    internal sealed class FakeLine(TimeProvider time, string chip, int offset, bool output, bool high, Action<bool>? onEdge) : IGpioLine
    {
        private readonly DateTimeOffset _start = time.GetUtcNow();
        private bool _high = high;

        public string Chip { get; } = chip;

        public int Offset { get; } = offset;

        public bool IsOutput { get; } = output;

        public bool HasEdgeDetection => onEdge is not null;

        /// <summary>Gets or sets the level; setting an input to a new level raises its edge callback.</summary>
        public bool High
        {
            get => _high;
            set
            {
                var changed = _high != value;
                _high = value;
                if (changed && !IsOutput && !Disposed)
                {
                    onEdge?.Invoke(value);
                }
            }
        }

        public bool Disposed { get; private set; }

        /// <summary>Gets every write as (milliseconds since the line was opened, level).</summary>
        public List<(double AtMs, bool High)> Writes { get; } = [];

        public bool Read()
        {
            ObjectDisposedException.ThrowIf(Disposed, this);
            return _high;
        }

        public void Write(bool value)
        {
            ObjectDisposedException.ThrowIf(Disposed, this);
            Assert.True(IsOutput, $"write to input line {Offset}");
            _high = value;
            Writes.Add(((time.GetUtcNow() - _start).TotalMilliseconds, value));
        }

        public void Dispose() => Disposed = true;
    }
}
