using System.Buffers;
using System.Security.Cryptography;

namespace KvmPortal.Hardware.Msd;

/// <content>Streaming uploads: registration, free-space check, the copy loop and atomic publication.</content>
public sealed partial class ImageLibrary
{
    // Measured on the build machine: hashing and writing 256 KiB slices of the 1 MiB buffer is about twice as fast as whole
    // 1 MiB chunks, because each slice is still in the CPU cache for the second pass.
    private const int HashSlice = 256 * 1024;

    /// <summary>
    /// Streams <paramref name="body"/> into the library without buffering it whole. The data goes to a hidden partial file that is
    /// renamed into place when complete. An interrupted upload keeps its partial file (unless asked otherwise) so that the client can
    /// resume with <see cref="UploadRequest.Offset"/> = the length it gets back.
    /// </summary>
    /// <param name="request">Name, offset and the lengths the client announced.</param>
    /// <param name="body">The data (for example an HTTP request body).</param>
    /// <param name="progress">Receives a snapshot after every chunk (at most 1 MiB apart).</param>
    /// <param name="cancellationToken">Cancels the transfer (the partial file is kept for a resume).</param>
    /// <returns>The result: complete with the listed image, or incomplete with the length to resume at.</returns>
    public async Task<UploadResult> UploadAsync(
        UploadRequest request,
        Stream body,
        IProgress<TransferProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(body);
        var name = ImageName.Validate(request.Name);
        if (request.Offset < 0 || request.TotalLength < 0 || request.BodyLength < 0)
        {
            throw new MsdException(MsdErrorCode.InvalidRequest, "offset and lengths must not be negative");
        }

        var total = request.TotalLength ?? (request.BodyLength is { } bodyLength ? request.Offset + bodyLength : null);
        if (total < request.Offset || (request.TotalLength is { } t && request.BodyLength is { } b && request.Offset + b > t))
        {
            throw new MsdException(MsdErrorCode.InvalidRequest, "offset plus body length exceeds the announced total length");
        }

        if (request.ExpectedSha256 is { } expected && (expected.Length != 64 || !expected.All(char.IsAsciiHexDigit)))
        {
            throw new MsdException(MsdErrorCode.InvalidRequest, "the expected SHA-256 must be 64 hex digits");
        }

        using var transfer = Register(name, TransferKind.Upload, total);
        return await RunTransferAsync(transfer, request.Offset, total, request.ExpectedSha256, request.KeepPartialOnInterrupt, body, progress, cancellationToken);
    }

    private static bool IsDiskFull(IOException exception)
    {
        var code = exception.HResult & 0xFFFF;
        return code is MsdInterop.ENOSPC or MsdInterop.EDQUOT or MsdInterop.EFBIG or 0x70 /* ERROR_DISK_FULL */;
    }

    private ActiveTransfer Register(string name, TransferKind kind, long? total)
    {
        lock (_gate)
        {
            if (File.Exists(ImagePath(name)))
            {
                throw new MsdException(MsdErrorCode.AlreadyExists, $"an image named \"{name}\" already exists; delete it first");
            }

            var transfer = new ActiveTransfer(this, name, kind, total, _time.GetUtcNow());
            return _transfers.TryAdd(name, transfer)
                ? transfer
                : throw new MsdException(MsdErrorCode.TransferInProgress, $"\"{name}\" is already being uploaded or downloaded");
        }
    }

    private void Unregister(ActiveTransfer transfer) => _transfers.TryRemove(new KeyValuePair<string, ActiveTransfer>(transfer.Name, transfer));

    /// <summary>Refuses when <paramref name="needed"/> more bytes would not fit next to the other running transfers and the reserve.</summary>
    private void EnsureSpace(string name, long needed)
    {
        var free = new DriveInfo(Directory).AvailableFreeSpace;
        var promised = _transfers.Values.Where(t => t.Name != name).Sum(t => t.Remaining);
        var available = free - promised - _options.ReservedFreeSpaceBytes;
        if (needed > available)
        {
            throw new MsdException(
                MsdErrorCode.InsufficientSpace,
                $"not enough free space: {needed} bytes needed, {Math.Max(0, available)} available (free {free}, promised to other transfers {promised}, reserve {_options.ReservedFreeSpaceBytes})");
        }
    }

    private void Publish(string name, string partial)
    {
        lock (_gate)
        {
            File.Move(partial, ImagePath(name), overwrite: false);
        }

        Changed?.Invoke(this, EventArgs.Empty);
    }

    private async Task<UploadResult> RunTransferAsync(
        ActiveTransfer transfer,
        long offset,
        long? total,
        string? expectedSha256,
        bool keepPartialOnInterrupt,
        Stream body,
        IProgress<TransferProgress>? progress,
        CancellationToken cancellationToken)
    {
        var name = transfer.Name;
        var partial = PartialPath(name);
        if (offset > 0)
        {
            var existing = new FileInfo(partial);
            var current = existing.Exists ? existing.Length : 0;
            if (current != offset)
            {
                throw new MsdException(MsdErrorCode.OffsetMismatch, $"cannot resume \"{name}\" at {offset}: {current} bytes were received; resume at {current}", current);
            }
        }

        if (total is { } expectedTotal)
        {
            EnsureSpace(name, expectedTotal - offset);
        }

        transfer.Written = offset;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, transfer.UserCancellation);
        using var hash = offset == 0 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var file = new FileStream(partial, offset == 0 ? FileMode.Create : FileMode.Open, FileAccess.Write, FileShare.Read, 0);
        var keep = false;
        try
        {
            file.Seek(offset, SeekOrigin.Begin);
            var written = offset;
            while (true)
            {
                int count;
                try
                {
                    count = await body.ReadAsync(buffer.AsMemory(0, BufferSize), linked.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    keep = keepPartialOnInterrupt && !transfer.CancelledByUser;
                    MsdLog.TransferFailed(_logger, name, written, ex.Message);
                    throw keep
                        ? new MsdException(MsdErrorCode.TransferInterrupted, $"the upload of \"{name}\" was interrupted after {written} bytes ({ex.Message}); resume at {written}", written, ex)
                        : new MsdException(MsdErrorCode.RemoteFailed, $"the transfer of \"{name}\" failed after {written} bytes: {ex.Message}", written, ex);
                }

                if (count == 0)
                {
                    break;
                }

                if (written + count > total)
                {
                    throw new MsdException(MsdErrorCode.InvalidRequest, $"the data is longer than the announced {total} bytes; \"{name}\" was discarded");
                }

                if (total is null && _options.ReservedFreeSpaceBytes > 0)
                {
                    EnsureSpace(name, count); // no announced length: keep the free-space reserve chunk by chunk
                }

                // Write (on the thread pool) and hash each slice side by side while it is still in the CPU cache; both only read it.
                for (var at = 0; at < count; at += HashSlice)
                {
                    var length = Math.Min(HashSlice, count - at);
                    var write = file.WriteAsync(buffer.AsMemory(at, length), linked.Token);
                    hash?.AppendData(buffer, at, length);
                    await write;
                }

                written += count;
                transfer.Written = written;
                progress?.Report(transfer.Snapshot());
            }

            if (written < total)
            {
                if (!keepPartialOnInterrupt)
                {
                    throw new MsdException(MsdErrorCode.RemoteFailed, $"the data ended after {written} of {total} bytes; \"{name}\" was discarded", written);
                }

                file.Flush(flushToDisk: true);
                keep = true;
                MsdLog.TransferPaused(_logger, name, written);
                return new UploadResult(name, false, written, null);
            }

            file.Flush(flushToDisk: true);
            await file.DisposeAsync();
            var sha = hash is not null ? Convert.ToHexStringLower(hash.GetHashAndReset()) : await HashFileAsync(partial, linked.Token);
            if (expectedSha256 is not null && !string.Equals(sha, expectedSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new MsdException(MsdErrorCode.ChecksumMismatch, $"SHA-256 mismatch for \"{name}\": received {sha}, expected {expectedSha256.ToLowerInvariant()}; the data was discarded");
            }

            var info = new FileInfo(partial);
            Sha256Sidecar.Write(Directory, name, sha, info.Length, info.LastWriteTimeUtc);
            Publish(name, partial);
            keep = true;
            MsdLog.ImageStored(_logger, name, written, sha);
            return new UploadResult(name, true, written, Get(name));
        }
        catch (OperationCanceledException)
        {
            keep = keepPartialOnInterrupt && !transfer.CancelledByUser;
            if (keep)
            {
                MsdLog.TransferPaused(_logger, name, transfer.Written);
            }

            throw;
        }
        catch (IOException ex) when (IsDiskFull(ex))
        {
            MsdLog.TransferFailed(_logger, name, transfer.Written, ex.Message);
            throw new MsdException(MsdErrorCode.DiskFull, $"the disk is full: \"{name}\" could not be stored after {transfer.Written} bytes and was discarded ({ex.Message})", null, ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await DisposeQuietlyAsync(file);
            if (!keep)
            {
                File.Delete(partial);
                Sha256Sidecar.Delete(Directory, name);
            }
        }
    }

    private static async Task DisposeQuietlyAsync(FileStream file)
    {
        try
        {
            await file.DisposeAsync();
        }
        catch (IOException)
        {
            // Closing after a failed write may fail again (ENOSPC on close); the file is deleted next.
        }
    }

    private sealed class ActiveTransfer(ImageLibrary owner, string name, TransferKind kind, long? total, DateTimeOffset started) : IDisposable
    {
        private readonly CancellationTokenSource _userCancel = new();
        private long _written;

        public string Name => name;

        public long Written
        {
            get => Interlocked.Read(ref _written);
            set => Interlocked.Exchange(ref _written, value);
        }

        public long Remaining => total is { } t ? Math.Max(0, t - Written) : 0;

        public CancellationToken UserCancellation => _userCancel.Token;

        public bool CancelledByUser => _userCancel.IsCancellationRequested;

        public TransferProgress Snapshot() => new(name, kind, Written, total, started);

        public void CancelByUser()
        {
            try
            {
                _userCancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The transfer finished meanwhile.
            }
        }

        public void Dispose()
        {
            owner.Unregister(this);
            _userCancel.Dispose();
        }
    }
}
