using System.Buffers.Binary;
using System.Drawing;
using KvmPortal.Hardware.Video;

namespace KvmPortal.Vnc;

/// <summary>
/// Framebuffer updates. An incremental request is answered when the picture changed, with only the tiles that differ from what this
/// client last got; a non-incremental one at once with the whole picture. Tight/JPEG when the client offers Tight and a JPEG quality,
/// Raw otherwise. A resolution change is announced with ExtendedDesktopSize or DesktopSize before the new picture.
/// </summary>
internal sealed partial class VncSession
{
    private readonly Lock _state = new();
    private readonly SemaphoreSlim _requested = new(0, 1);
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private VncPixelFormat _format = VncPixelFormat.Server;
    private bool _wantsFull;
    private bool _pendingRequest;
    private bool _tight;
    private int _jpegLevel = -1;
    private bool _desktopSize;
    private bool _extendedDesktopSize;
    private bool _lastRect;
    private bool _ackQemuKeys;
    private bool _announceScreen;
    private bool _refuseResize;
    private int _width;
    private int _height;
    private VncFrame? _sent;
    private long _sentSequence;
    private JpegEncoder? _jpeg;

    /// <summary>Gets the size the client knows.</summary>
    private (int Width, int Height) ClientSize
    {
        get
        {
            lock (_state)
            {
                return (_width, _height);
            }
        }
    }

    private async Task SendServerInitAsync(CancellationToken ct)
    {
        var frame = await _host.Frames.FreshAsync(ct);
        lock (_state)
        {
            _width = frame.Width;
            _height = frame.Height;
        }

        var name = "KvmPortal " + Environment.MachineName;
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
        var init = new byte[24 + nameBytes.Length];
        BinaryPrimitives.WriteUInt16BigEndian(init, (ushort)frame.Width);
        BinaryPrimitives.WriteUInt16BigEndian(init.AsSpan(2), (ushort)frame.Height);
        VncPixelFormat.Server.Write(init.AsSpan(4, 16));
        BinaryPrimitives.WriteUInt32BigEndian(init.AsSpan(20), (uint)nameBytes.Length);
        nameBytes.CopyTo(init, 24);
        await WriteAsync(init, ct);
    }

    private void SetPixelFormat(VncPixelFormat format)
    {
        lock (_state)
        {
            _format = format;
            _wantsFull = true; // what the client holds is in the old format
        }

        Wake();
    }

    private void SetEncodings(int[] encodings)
    {
        lock (_state)
        {
            _tight = encodings.Contains(RfbCodes.EncodingTight);
            var quality = encodings.FirstOrDefault(e => e is >= RfbCodes.PseudoJpegQualityLowest and <= RfbCodes.PseudoJpegQualityHighest, int.MinValue);
            _jpegLevel = quality == int.MinValue ? -1 : quality - RfbCodes.PseudoJpegQualityLowest;
            _desktopSize = encodings.Contains(RfbCodes.PseudoDesktopSize);
            var extended = encodings.Contains(RfbCodes.PseudoExtendedDesktopSize);
            _announceScreen |= extended && !_extendedDesktopSize; // tells the client the server knows ExtendedDesktopSize
            _extendedDesktopSize = extended;
            _lastRect = encodings.Contains(RfbCodes.PseudoLastRect);
            _ackQemuKeys |= encodings.Contains(RfbCodes.PseudoQemuExtendedKey);
        }

        Wake();
    }

    private void RequestUpdate(bool incremental)
    {
        lock (_state)
        {
            _wantsFull |= !incremental;
            if (_pendingRequest)
            {
                return;
            }

            _pendingRequest = true;
        }

        _requested.Release();
        if (!incremental)
        {
            Wake();
        }
    }

    /// <summary>Makes a writer that waits for a changed picture look again (a full update or a pseudo-rectangle is due now).</summary>
    private void Wake() => Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private void RefuseDesktopSize()
    {
        lock (_state)
        {
            _refuseResize = true;
        }

        RequestUpdate(incremental: true);
    }

    private async Task UpdateLoopAsync(VideoViewer viewer, CancellationToken ct)
    {
        using var jpeg = new JpegEncoder();
        _jpeg = jpeg;
        while (!ct.IsCancellationRequested)
        {
            await _requested.WaitAsync(ct);
            lock (_state)
            {
                _pendingRequest = false; // a request arriving from now on is answered by another update
            }

            while (true)
            {
                bool now;
                var wake = Volatile.Read(ref _wake).Task;
                lock (_state)
                {
                    now = _wantsFull || _sent is null || _ackQemuKeys || _announceScreen || _refuseResize;
                }

                VncFrame frame;
                if (now)
                {
                    frame = await _host.Frames.CurrentAsync(ct);
                }
                else
                {
                    var next = _host.Frames.NextAsync(_sentSequence, ct);
                    if (await Task.WhenAny(next, wake) != next)
                    {
                        _ = next.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                        continue;
                    }

                    frame = await next;
                }

                var update = BuildUpdate(frame);
                if (update is null)
                {
                    _sentSequence = frame.Sequence; // nothing changed that this client can see; wait for the next frame
                    continue;
                }

                await WriteAsync(update, ct);
                _sentSequence = frame.Sequence;
                if (_host.Frames.Streamer.Latest is { } published && published.Sequence == frame.Sequence)
                {
                    viewer.MarkDelivered(published);
                }
                break;
            }
        }
    }
}
