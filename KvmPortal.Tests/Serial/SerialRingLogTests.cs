using System.Text;
using KvmPortal.Hardware.Serial;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Serial;

/// <summary>The per-port ring log on real files: bounded, survives reopening (and a torn record), tail, text lines, search.</summary>
public sealed class SerialRingLogTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 1, 2, 3, 456, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Records_ComeBackInOrder_WithTheirTimes_AfterReopening()
    {
        using (var log = Open())
        {
            log.Append(T0, "hello "u8);
            log.Append(T0.AddSeconds(1), "world\r\n"u8);
        }

        using var reopened = Open();
        reopened.Append(T0.AddSeconds(2), "again\r\n"u8);
        var records = reopened.ReadRecords().ToList();
        Assert.Equal(["hello ", "world\r\n", "again\r\n"], records.Select(r => Encoding.UTF8.GetString(r.Data)));
        Assert.Equal([T0, T0.AddSeconds(1), T0.AddSeconds(2)], records.Select(r => r.Time));
    }

    [Fact]
    public void Size_StaysWithinTheBound_AndKeepsTheNewestHalf()
    {
        const long max = 256 * 1024;
        using var log = Open(max);
        var line = Encoding.ASCII.GetBytes(new string('x', 1000) + "\n");
        for (var i = 0; i < 2000; i++)
        {
            log.Append(T0.AddMilliseconds(i), line);
            Assert.True(log.SizeOnDisk <= max + SerialRingLog.HeaderSize + line.Length, $"{log.SizeOnDisk} bytes after {i} appends");
        }

        var kept = log.ReadRecords().ToList();
        Assert.True(kept.Sum(r => r.Data.Length) >= (max / 2) - (2 * line.Length), "at least half the bound is kept");
        Assert.Equal(T0.AddMilliseconds(1999), kept[^1].Time);
        Assert.True(kept.Zip(kept.Skip(1)).All(p => p.First.Time < p.Second.Time), "oldest first, no gaps in order");
        Assert.Equal(2, Directory.GetFiles(_dir.Path).Length);
    }

    [Fact]
    public void ATornRecord_IsCutOff_WhenTheLogOpensAgain()
    {
        using (var log = Open())
        {
            log.Append(T0, "complete\n"u8);
        }

        // A crash in the middle of a record: a header promising 100 bytes followed by 3.
        var path = Path.Combine(_dir.Path, "ttyS0.log");
        using (var file = new FileStream(path, FileMode.Append))
        {
            var header = new byte[SerialRingLog.HeaderSize];
            BitConverter.TryWriteBytes(header.AsSpan(8), 100);
            file.Write(header);
            file.Write("abc"u8);
        }

        using var reopened = Open();
        reopened.Append(T0.AddSeconds(5), "after\n"u8);
        Assert.Equal(["complete\n", "after\n"], reopened.ReadRecords().Select(r => Encoding.UTF8.GetString(r.Data)));
    }

    [Fact]
    public void ReadTail_ReturnsTheLastBytes_AcrossRecordsAndSegments()
    {
        using var log = Open(256 * 1024);
        var all = new StringBuilder();
        for (var i = 0; i < 5000; i++)
        {
            var text = $"line {i}\r\n";
            all.Append(text);
            log.Append(T0, Encoding.ASCII.GetBytes(text));
        }

        var tail = Encoding.ASCII.GetString(log.ReadTail(100));
        Assert.Equal(100, tail.Length);
        Assert.EndsWith(all.ToString()[^100..], tail, StringComparison.Ordinal);
        Assert.Empty(Open2().ReadTail(100));
    }

    [Fact]
    public void Lines_AreDecoded_StrippedOfEscapes_AndStampedWithTheirFirstByte()
    {
        var records = new[]
        {
            new SerialLogRecord(T0, "\x1b[1;32mgr\u00fc"u8.ToArray()),
            new SerialLogRecord(T0.AddSeconds(1), "n\x1b[0m ok\r\nsec"u8.ToArray()),
            new SerialLogRecord(T0.AddSeconds(2), "ond\x1b]0;title\x07 line\nab\bc\n"u8.ToArray()),
            new SerialLogRecord(T0.AddSeconds(3), "no newline"u8.ToArray()),
        };
        var lines = SerialLogText.Lines(records).ToList();
        Assert.Equal(["grün ok", "second line", "ac", "no newline"], lines.Select(l => l.Text));
        Assert.Equal([T0, T0.AddSeconds(1), T0.AddSeconds(2), T0.AddSeconds(3)], lines.Select(l => l.Time));
        Assert.Equal("2026-12-05T01:02:03.456Z grün ok", SerialLogText.Format(lines[0]));
    }

    [Fact]
    public void AUtf8CharacterSplitAcrossReads_IsDecodedWhole()
    {
        var bytes = "Grüße\n"u8.ToArray();
        var records = new[] { new SerialLogRecord(T0, bytes[..3]), new SerialLogRecord(T0, bytes[3..]) };
        Assert.Equal("Grüße", Assert.Single(SerialLogText.Lines(records)).Text);
    }

    [Fact]
    public void Search_IsCaseInsensitive_AndKeepsTheNewestHits()
    {
        using var log = Open();
        for (var i = 0; i < 50; i++)
        {
            log.Append(T0.AddSeconds(i), Encoding.ASCII.GetBytes($"boot {i}: Kernel panic? {(i % 2 == 0 ? "yes" : "no")}\r\n"));
        }

        var hits = SerialLogText.Search(log.ReadRecords(), "KERNEL PANIC? YES", 3);
        Assert.Equal(["boot 44: Kernel panic? yes", "boot 46: Kernel panic? yes", "boot 48: Kernel panic? yes"], hits.Select(h => h.Text));
        Assert.Empty(SerialLogText.Search(log.ReadRecords(), "absent", 10));
    }

    [Fact]
    public async Task TextDownload_HasOneTimestampedLinePerLine()
    {
        using var log = Open();
        log.Append(T0, "a\r\nb\r\n"u8);
        using var stream = new MemoryStream();
        await SerialLogText.WriteAsync(log.ReadRecords(), stream, CancellationToken.None);
        Assert.Equal("2026-12-05T01:02:03.456Z a\n2026-12-05T01:02:03.456Z b\n", Encoding.UTF8.GetString(stream.ToArray()));
    }

    public void Dispose() => _dir.Dispose();

    private SerialRingLog Open(long max = 1024 * 1024) => new(_dir.Path, "ttyS0", max);

    private SerialRingLog Open2() => new(_dir.Path, "empty", 1024 * 1024);
}
