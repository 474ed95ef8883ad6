using System.Net.WebSockets;
using System.Text;
using KvmPortal.Hardware.Video;
using KvmPortal.Hardware.Video.H264;

namespace KvmPortal.Video;

/// <summary>
/// One frame WebSocket: a send loop in the current codec (JPEG frames from the streamer, or H.264 units from the broadcaster) and
/// a receive loop for the client's text commands (<c>h264</c>, <c>mjpeg</c>, <c>key</c>). When the H.264 encoder fails for good the
/// client gets the text message <c>h264-error</c> with the reason, and MJPEG frames from then on. A codec switch interrupts only the
/// wait for the next frame, never a send in progress.
/// </summary>
internal sealed class FrameSocketSession(WebSocket socket, VideoStreamer streamer, H264Broadcaster h264, string name, bool wantH264)
{
    /// <summary>The text message that says H.264 failed on the server (the reason follows); MJPEG frames come next.</summary>
    public const string H264ErrorPrefix = "h264-error ";

    private readonly Lock _gate = new();
    private volatile bool _wantH264 = wantH264;
    private CancellationTokenSource? _mode;
    private byte[] _buffer = [];

    public async Task RunAsync(CancellationToken ct)
    {
        var receiving = ReceiveAsync(ct);
        try
        {
            while (socket.State == WebSocketState.Open && !ct.IsCancellationRequested)
            {
                using var mode = CancellationTokenSource.CreateLinkedTokenSource(ct);
                lock (_gate)
                {
                    _mode = mode;
                }

                try
                {
                    if (_wantH264 && h264.Available)
                    {
                        await SendH264Async(mode.Token, ct);
                    }
                    else
                    {
                        await SendJpegAsync(mode.Token, ct);
                    }
                }
                catch (OperationCanceledException) when (mode.IsCancellationRequested && !ct.IsCancellationRequested)
                {
                    // Codec switch: start over in the other codec. (Any other cancellation, such as the pipeline stopping, ends the session.)
                }
                catch (H264EncoderFailedException ex)
                {
                    // The encoder failed for good: tell the browser why (it shows it and stays on MJPEG), and go on in MJPEG.
                    _wantH264 = false;
                    var text = Encoding.UTF8.GetBytes(H264ErrorPrefix + ex.Message);
                    await socket.SendAsync(text, WebSocketMessageType.Text, true, ct);
                }
                finally
                {
                    lock (_gate)
                    {
                        _mode = null;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            // The client went away.
        }

        await receiving;
    }

    private async Task SendJpegAsync(CancellationToken wait, CancellationToken ct)
    {
        using var viewer = streamer.AddViewer(name);
        long last = 0;
        while (socket.State == WebSocketState.Open)
        {
            var frame = await streamer.WaitNextAsync(last, wait);
            last = frame.Sequence;
            var length = FrameSocketEndpoint.HeaderSize + frame.Data.Length;
            FrameSocketEndpoint.Write(Buffer(length), frame);
            await socket.SendAsync(_buffer.AsMemory(0, length), WebSocketMessageType.Binary, true, ct);
            viewer.MarkDelivered(frame);
        }
    }

    private async Task SendH264Async(CancellationToken wait, CancellationToken ct)
    {
        using var subscription = h264.Subscribe("h264 " + name);
        while (socket.State == WebSocketState.Open)
        {
            var unit = await subscription.NextAsync(wait);
            var length = FrameSocketEndpoint.HeaderSize + unit.Data.Length;
            FrameSocketEndpoint.Write(Buffer(length), unit);
            await socket.SendAsync(_buffer.AsMemory(0, length), WebSocketMessageType.Binary, true, ct);
        }
    }

    private Span<byte> Buffer(int length)
    {
        if (_buffer.Length < length)
        {
            _buffer = new byte[length + (length / 4)];
        }

        return _buffer.AsSpan(0, length);
    }

    private async Task ReceiveAsync(CancellationToken ct)
    {
        var scratch = new byte[64];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(scratch, ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                    return;
                }

                if (result.MessageType == WebSocketMessageType.Text && result.EndOfMessage)
                {
                    Command(Encoding.ASCII.GetString(scratch, 0, result.Count));
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Closing.
        }
    }

    private void Command(string command)
    {
        switch (command)
        {
            case "h264" or "mjpeg":
                bool h = command == "h264";
                if (h == _wantH264)
                {
                    return;
                }

                _wantH264 = h;
                CancellationTokenSource? mode;
                lock (_gate)
                {
                    mode = _mode;
                }

                try
                {
                    mode?.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // That mode ended by itself; the next one reads the new wish.
                }

                break;
            case "key":
                if (h264.Available)
                {
                    h264.RequestKeyFrame();
                }

                break;
        }
    }
}
