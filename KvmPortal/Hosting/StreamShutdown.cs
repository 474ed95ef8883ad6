namespace KvmPortal.Hosting;

/// <summary>
/// Ends WebSockets when the app begins to stop. A graceful stop lets Kestrel wait for open requests, but a WebSocket (frame socket,
/// /api/ws, serial terminal, VNC) never ends by itself: without this the server waited out the whole shutdown timeout (30 s), and the
/// hosted services stopped after it got an already-cancelled token. At <see cref="IHostApplicationLifetime.ApplicationStopping"/> each
/// open WebSocket is sent a close frame (1001 EndpointUnavailable, "server shutting down", so a client knows to reconnect later rather
/// than seeing a dropped connection), and its <see cref="HttpContext.RequestAborted"/> fires once the client answered or after
/// <see cref="CloseBound"/> (see <see cref="WebSocketShutdown"/>). Ordinary requests are left to finish. (The MJPEG stream, a plain
/// response, links the stopping token itself.)
/// </summary>
public static class StreamShutdown
{
    /// <summary>How long a WebSocket is given to take the close frame and answer it before it is dropped.</summary>
    public static readonly TimeSpan CloseBound = TimeSpan.FromSeconds(1);

    /// <summary>Closes WebSocket requests when the app stops (call after UseWebSockets).</summary>
    /// <param name="app">The pipeline.</param>
    /// <returns>The same pipeline.</returns>
    public static IApplicationBuilder UseStreamShutdown(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var stopping = app.ApplicationServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var time = app.ApplicationServices.GetService<TimeProvider>() ?? TimeProvider.System;
        return app.Use(async (context, next) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                await next(context);
                return;
            }

            await WebSocketShutdown.RunAsync(context, next, time, stopping);
        });
    }
}
