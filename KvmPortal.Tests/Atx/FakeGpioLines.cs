using Xunit;
using KvmPortal.Hardware.Gpio;

namespace KvmPortal.Tests.Atx;

/// <summary>Fake GPIO lines: inputs the test sets, outputs that record every level written with the fake clock's time.</summary>
internal sealed class FakeGpioLines(TimeProvider time) : IGpioLineProvider
{
    private readonly Dictionary<int, FakeLine> _lines = [];

    public FakeLine this[int offset] => _lines[offset];

    public bool IsOpen(int offset) => _lines.TryGetValue(offset, out var line) && !line.Disposed;

    public IGpioLine OpenOutput(string chipPath, int offset, bool initialHigh, string consumer) =>
        Add(new FakeLine(time, chipPath, offset, output: true, initialHigh));

    public IGpioLine OpenInput(string chipPath, int offset, string consumer) =>
        Add(new FakeLine(time, chipPath, offset, output: false, high: false));

    private FakeLine Add(FakeLine line)
    {
        Assert.False(IsOpen(line.Offset), $"line {line.Offset} requested twice");
        _lines[line.Offset] = line;
        return line;
    }

    internal sealed class FakeLine(TimeProvider time, string chip, int offset, bool output, bool high) : IGpioLine
    {
        private readonly DateTimeOffset _start = time.GetUtcNow();

        public string Chip { get; } = chip;

        public int Offset { get; } = offset;

        public bool IsOutput { get; } = output;

        public bool High { get; set; } = high;

        public bool Disposed { get; private set; }

        /// <summary>Gets every write as (milliseconds since the line was opened, level).</summary>
        public List<(double AtMs, bool High)> Writes { get; } = [];

        public bool Read()
        {
            ObjectDisposedException.ThrowIf(Disposed, this);
            return High;
        }

        public void Write(bool value)
        {
            ObjectDisposedException.ThrowIf(Disposed, this);
            Assert.True(IsOutput, $"write to input line {Offset}");
            High = value;
            Writes.Add(((time.GetUtcNow() - _start).TotalMilliseconds, value));
        }

        public void Dispose() => Disposed = true;
    }
}
