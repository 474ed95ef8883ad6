using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Features;

namespace KvmPortal.Hosting;

/// <summary>
/// One WebSocket request while the app may stop: stands in for the request's <see cref="IHttpWebSocketFeature"/> to see the socket the
/// endpoint accepts, and when the app begins to stop sends it a close frame (1001 EndpointUnavailable, "server shutting down"), gives
/// the client <see cref="StreamShutdown.CloseBound"/> to answer (its answer ends the endpoint's receive loop), then cancels the
/// request's <see cref="HttpContext.RequestAborted"/>, which drops whatever is left.
/// </summary>
internal sealed class WebSocketShutdown : IHttpWebSocketFeature, IDisposable
{
    private readonly IHttpWebSocketFeature _inner;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _abort = new();
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebSocket? _socket;
    private Task _closing = Task.CompletedTask;

    private WebSocketShutdown(IHttpWebSocketFeature inner, TimeProvider time)
    {
        _inner = inner;
        _time = time;
    }

    public bool IsWebSocketRequest => _inner.IsWebSocketRequest;

    public static async Task RunAsync(HttpContext context, RequestDelegate next, TimeProvider time, CancellationToken stopping)
    {
        var inner = context.Features.GetRequiredFeature<IHttpWebSocketFeature>();
        using var shutdown = new WebSocketShutdown(inner, time);
        context.Features.Set<IHttpWebSocketFeature>(shutdown);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, shutdown._abort.Token);
        context.RequestAborted = linked.Token;
        var registration = stopping.Register(() => shutdown._closing = shutdown.CloseAsync());
        try
        {
            await next(context);
        }
        finally
        {
            shutdown._done.TrySetResult();
            await registration.DisposeAsync(); // waits for a callback that is running (it only starts the close)
            await shutdown._closing; // never throws
        }
    }

    public async Task<WebSocket> AcceptAsync(WebSocketAcceptContext context)
    {
        var socket = await _inner.AcceptAsync(context);
        Volatile.Write(ref _socket, socket);
        return socket;
    }

    public void Dispose() => _abort.Dispose();

    private async Task CloseAsync()
    {
        if (Volatile.Read(ref _socket) is { State: WebSocketState.Open or WebSocketState.CloseReceived } socket)
        {
            using var bound = new CancellationTokenSource(StreamShutdown.CloseBound, _time);
            try
            {
                // Sends wait their turn behind a frame the endpoint is sending; the endpoint's later sends fail, as after any close.
                await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "server shutting down", bound.Token);
                await _done.Task.WaitAsync(bound.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                // No answer in time, or the connection is already gone: it is dropped below.
            }
        }

        await _abort.CancelAsync();
    }
}
