using System.Buffers.Binary;

namespace KvmPortal.Hardware.Serial;

/// <summary>
/// Everything one serial port sent, kept on disk in a bounded ring of two segment files (<c>NAME.log</c>, the newest, and
/// <c>NAME.log.old</c>): when the newest reaches half the size it replaces the old one, so the pair never holds more than
/// <see cref="MaxBytes"/> (plus one record) and always at least the last half. Each record is the receive time (Unix milliseconds,
/// int64 little-endian), the length (int32) and the bytes as received. A record torn by a crash is cut off when the log opens again,
/// so the log survives restarts. Thread-safe; readers take a snapshot of both files and read them without holding up the writer.
/// </summary>
public sealed class SerialRingLog : IDisposable
{
    /// <summary>Size of a record header: time and length.</summary>
    public const int HeaderSize = 12;

    /// <summary>Largest record; longer appends are split.</summary>
    public const int MaxRecordBytes = 64 * 1024;

    private readonly Lock _lock = new();
    private readonly string _current;
    private readonly string _old;
    private readonly byte[] _header = new byte[HeaderSize];
    private FileStream _writer;
    private bool _disposed;

    /// <summary>Opens (or creates) the log of port <paramref name="name"/> in <paramref name="directory"/>.</summary>
    public SerialRingLog(string directory, string name, long maxBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 2L * (MaxRecordBytes + HeaderSize));
        Directory.CreateDirectory(directory);
        MaxBytes = maxBytes;
        _current = Path.Combine(directory, name + ".log");
        _old = _current + ".old";
        _writer = OpenWriter(_current);
    }

    /// <summary>Gets the configured bound of both segments together, in bytes.</summary>
    public long MaxBytes { get; }

    /// <summary>Gets the bytes held on disk now (headers included).</summary>
    public long SizeOnDisk
    {
        get
        {
            lock (_lock)
            {
                return _writer.Length + (File.Exists(_old) ? new FileInfo(_old).Length : 0);
            }
        }
    }

    /// <summary>Appends what the port sent at <paramref name="time"/>.</summary>
    public void Append(DateTimeOffset time, ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            while (!data.IsEmpty)
            {
                var part = data[..Math.Min(data.Length, MaxRecordBytes)];
                if (_writer.Length + HeaderSize + part.Length > MaxBytes / 2 && _writer.Length > 0)
                {
                    RotateLocked();
                }

                BinaryPrimitives.WriteInt64LittleEndian(_header, time.ToUnixTimeMilliseconds());
                BinaryPrimitives.WriteInt32LittleEndian(_header.AsSpan(8), part.Length);
                _writer.Write(_header);
                _writer.Write(part);
                data = data[part.Length..];
            }

            _writer.Flush();
        }
    }

    /// <summary>Returns the last <paramref name="maxBytes"/> bytes the port sent (raw, for replaying into a terminal).</summary>
    public byte[] ReadTail(int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        // Keep a window of the newest records whose sum covers maxBytes, then cut the front of the first one.
        var window = new Queue<byte[]>();
        long total = 0;
        foreach (var record in ReadRecords())
        {
            window.Enqueue(record.Data);
            total += record.Data.Length;
            while (window.Count > 0 && total - window.Peek().Length >= maxBytes)
            {
                total -= window.Dequeue().Length;
            }
        }

        var all = new byte[Math.Min(total, maxBytes)];
        var skip = total - all.Length;
        var offset = 0;
        foreach (var chunk in window)
        {
            var from = (int)Math.Min(skip, chunk.Length);
            skip -= from;
            chunk.AsSpan(from).CopyTo(all.AsSpan(offset));
            offset += chunk.Length - from;
        }

        return all;
    }

    /// <summary>Every record, oldest first: a snapshot taken at the call (appends after it are not seen).</summary>
    public IEnumerable<SerialLogRecord> ReadRecords()
    {
        List<(FileStream Stream, long Length)> snapshot;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            snapshot = [];
            if (OpenReader(_old) is { } old)
            {
                snapshot.Add((old, old.Length));
            }

            if (OpenReader(_current) is { } current)
            {
                snapshot.Add((current, _writer.Length));
            }
        }

        return Enumerate(snapshot);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _disposed = true;
                _writer.Dispose();
            }
        }
    }

    private static IEnumerable<SerialLogRecord> Enumerate(List<(FileStream Stream, long Length)> snapshot)
    {
        try
        {
            var header = new byte[HeaderSize];
            foreach (var (stream, length) in snapshot)
            {
                while (stream.Position + HeaderSize <= length)
                {
                    stream.ReadExactly(header);
                    var size = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
                    if (size < 0 || size > MaxRecordBytes || stream.Position + size > length)
                    {
                        break;
                    }

                    var data = new byte[size];
                    stream.ReadExactly(data);
                    yield return new SerialLogRecord(DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(header)), data);
                }
            }
        }
        finally
        {
            foreach (var (stream, _) in snapshot)
            {
                stream.Dispose();
            }
        }
    }

    private static FileStream? OpenReader(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Opens the newest segment for appending, cutting off a record torn by a crash.</summary>
    private static FileStream OpenWriter(string path)
    {
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 4096);
        var header = new byte[HeaderSize];
        long valid = 0;
        while (valid + HeaderSize <= stream.Length)
        {
            stream.Position = valid;
            stream.ReadExactly(header);
            var size = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
            if (size < 0 || size > MaxRecordBytes || valid + HeaderSize + size > stream.Length)
            {
                break;
            }

            valid += HeaderSize + size;
        }

        stream.SetLength(valid);
        stream.Position = valid;
        return stream;
    }

    private void RotateLocked()
    {
        _writer.Flush();
        _writer.Dispose();
        File.Move(_current, _old, overwrite: true);
        _writer = OpenWriter(_current);
    }
}
