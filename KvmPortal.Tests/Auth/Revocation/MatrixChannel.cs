using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;

namespace KvmPortal.Tests.Auth.Revocation;

/// <summary>A live channel (MJPEG stream, frame WebSocket or <c>/api/ws</c>) drained in the background until the server ends it.</summary>
public sealed class MatrixChannel : IAsyncDisposable
{
    private readonly TaskCompletionSource _firstData = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly IDisposable _owner;
    private Task _drain = Task.CompletedTask;
    private long _closedAt;

    private MatrixChannel(IDisposable owner) => _owner = owner;

    public long Bytes { get; private set; }

    public bool IsClosed => _drain.IsCompleted;

    /// <summary>Gets when the server ended the channel (Stopwatch timestamp), 0 while open.</summary>
    public long ClosedAt => Interlocked.Read(ref _closedAt);

    public static async Task<MatrixChannel> OpenAsync(RevocationApp app, string channel, MatrixCredential credential)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(credential);
        MatrixChannel live;
        if (channel == "mjpeg")
        {
            var client = credential.Client(app);
            live = new MatrixChannel(client);
            var response = await client.GetAsync(new Uri("/api/streamer/stream", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsStreamAsync();
            live._drain = live.DrainStreamAsync(response, body);
        }
        else
        {
            var socket = new ClientWebSocket();
            live = new MatrixChannel(socket);
            credential.Apply(socket.Options);
            var path = channel == "framews" ? "/api/streamer/ws" : "/api/ws";
            await socket.ConnectAsync(new UriBuilder(app.Address) { Scheme = "ws", Path = path }.Uri, CancellationToken.None);
            live._drain = live.DrainSocketAsync(socket);
        }

        var first = await Task.WhenAny(live._firstData.Task, live._drain, Task.Delay(TimeSpan.FromSeconds(15)));
        Assert.True(first == live._firstData.Task, $"{channel} with {credential} delivered no data");
        return live;
    }

    /// <summary>Waits up to <paramref name="limit"/> for the server to end the channel; returns the time from <paramref name="since"/>.</summary>
    public async Task<TimeSpan?> ClosedWithinAsync(long since, TimeSpan limit)
    {
        await Task.WhenAny(_drain, Task.Delay(limit + TimeSpan.FromMilliseconds(200)));
        return _drain.IsCompleted ? Stopwatch.GetElapsedTime(since, ClosedAt) : null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _owner.Dispose();
        await _drain.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task DrainStreamAsync(HttpResponseMessage response, Stream body)
    {
        using (response)
        await using (body)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                int read;
                while ((read = await body.ReadAsync(buffer, _stop.Token)) > 0)
                {
                    Got(read);
                }
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException or ObjectDisposedException)
            {
                // Ended (by the server, or by dispose).
            }

            Closed();
        }
    }

    private async Task DrainSocketAsync(ClientWebSocket socket)
    {
        var buffer = new byte[256 * 1024];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                Got(result.Count);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Ended (by the server, or by dispose).
        }

        Closed();
    }

    private void Got(int count)
    {
        Bytes += count;
        _firstData.TrySetResult();
    }

    private void Closed() => Interlocked.CompareExchange(ref _closedAt, Stopwatch.GetTimestamp(), 0);
}
