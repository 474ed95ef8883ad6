using System.Threading.Channels;

namespace KvmPortal.Tests.Msd;

/// <summary>A read-only stream whose chunks the test feeds one by one; Complete() ends it, Fail() breaks it like a dropped connection.</summary>
public sealed class GatedStream : Stream
{
    private readonly Channel<object> _chunks = Channel.CreateUnbounded<object>();
    private ReadOnlyMemory<byte> _current;

    public TaskCompletionSource FirstRead { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public void Feed(byte[] data) => _chunks.Writer.TryWrite(data);

    public void Complete() => _chunks.Writer.TryComplete();

    public void Fail() => _chunks.Writer.TryWrite(new IOException("connection reset by peer"));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        FirstRead.TrySetResult();
        if (_current.IsEmpty)
        {
            if (!await _chunks.Reader.WaitToReadAsync(cancellationToken))
            {
                return 0;
            }

            var next = await _chunks.Reader.ReadAsync(cancellationToken);
            if (next is Exception ex)
            {
                throw ex;
            }

            _current = (byte[])next;
        }

        var n = Math.Min(buffer.Length, _current.Length);
        _current[..n].CopyTo(buffer);
        _current = _current[n..];
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
