using System.Globalization;
using System.Text;
using KvmPortal.Api;
using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Video;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace KvmPortal.Pikvm;

/// <summary>
/// kvmd routes KvmPortal had no counterpart for: <c>POST /api/streamer/reset</c> (Control, audited), <c>GET /api/log</c> (Admin;
/// KvmPortal's own log in kvmd's line format), and a read-only <c>GET /api/gpio</c> exposing the ATX LED lines in kvmd's model/state shape.
/// </summary>
public static class PikvmCompatApi
{
    /// <summary>The unit name <c>/api/log</c> lines carry where kvmd puts its systemd unit.</summary>
    public const string LogService = "kvmportal.service";

    public static IServiceCollection AddPikvmCompatibility(this IServiceCollection services)
    {
        services.AddSingleton<AppLogBuffer>();
        services.AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<AppLogBuffer>());
        return services;
    }

    public static IEndpointRouteBuilder MapPikvmCompatApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").AddEndpointFilter<ApiErrorFilter>().WithTags("PiKVM compatibility");
        api.MapPost("/streamer/reset", (VideoStreamer streamer) =>
        {
            // kvmd restarts ustreamer; KvmPortal's streamer is in-process, so a reset re-applies the parameters and forces a fresh frame.
            streamer.JpegQuality = streamer.JpegQuality;
            return ApiEnvelope.Ok();
        }).RequireAuthorization(Permissions.Control).AddEndpointFilter(new AuditedEndpointFilter(AuditActions.SettingsChanged, null));
        api.MapGet("/log", LogAsync).RequireAuthorization(Permissions.Admin);
        api.MapGet("/gpio", (IAtxPower atx) => ApiEnvelope.Ok(PikvmGpio.State(atx.State))).RequireAuthorization(Permissions.View);
        api.MapPost("/gpio/switch", GpioChange).RequireAuthorization(Permissions.Control);
        api.MapPost("/gpio/pulse", GpioChange).RequireAuthorization(Permissions.Control);
        return endpoints;
    }

    private static IResult GpioChange(HttpContext context)
    {
        var channel = ApiQuery.RequiredText(context, "channel", 255);
        return ApiEnvelope.Error(400, "GpioChannelNotFoundError", $"GPIO channel '{channel}' is not an output: KvmPortal's GPIO view is read-only; use /api/atx");
    }

    private static async Task LogAsync(HttpContext context, AppLogBuffer buffer, TimeProvider time)
    {
        var seek = ApiQuery.Number(context, "seek", 0, 0, int.MaxValue);
        var follow = ApiQuery.Bool(context, "follow", false);
        var since = seek > 0 ? time.GetUtcNow().AddSeconds(-seek) : DateTimeOffset.MinValue;
        context.Response.ContentType = "text/plain";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var ct = context.RequestAborted;
        long last = 0;
        try
        {
            while (true)
            {
                var waiting = buffer.WaitAsync(ct); // taken before reading, so nothing added in between is missed
                var records = buffer.Read(last, since);
                if (records.Count > 0)
                {
                    var text = new StringBuilder();
                    foreach (var r in records)
                    {
                        text.Append(CultureInfo.InvariantCulture, $"[{r.At.UtcDateTime:yyyy-MM-dd HH:mm:ss} {LogService}] --- {r.Category}: {r.Message.TrimEnd()}\r\n");
                        last = r.Sequence;
                    }

                    await context.Response.WriteAsync(text.ToString(), ct);
                    await context.Response.Body.FlushAsync(ct);
                }

                if (!follow)
                {
                    return;
                }

                await waiting;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client stopped following.
        }
    }
}
