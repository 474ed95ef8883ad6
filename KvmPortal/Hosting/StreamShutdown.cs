namespace KvmPortal.Hosting;

/// <summary>
/// Ends WebSockets when the app begins to stop. A graceful stop lets Kestrel wait for open requests, but a WebSocket (frame socket,
/// /api/ws, serial terminal, VNC) never ends by itself: without this the server waited out the whole shutdown timeout (30 s), and the
/// hosted services stopped after it got an already-cancelled token. For WebSocket requests <see cref="HttpContext.RequestAborted"/>
/// also fires on <see cref="IHostApplicationLifetime.ApplicationStopping"/>; ordinary requests are left to finish. (The MJPEG stream,
/// a plain response, links the stopping token itself.)
/// </summary>
public static class StreamShutdown
{
    /// <summary>Links a WebSocket request's <see cref="HttpContext.RequestAborted"/> to the app's stopping token (call after UseWebSockets).</summary>
    /// <param name="app">The pipeline.</param>
    /// <returns>The same pipeline.</returns>
    public static IApplicationBuilder UseStreamShutdown(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var stopping = app.ApplicationServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        return app.Use(async (context, next) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                await next(context);
                return;
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            context.RequestAborted = linked.Token;
            await next(context);
        });
    }
}
