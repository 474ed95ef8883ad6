using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace KvmPortal.Security.Hardening;

/// <summary>
/// Sets Kestrel's per-request body limit before anything reads the body, so it holds for chunked bodies too (Kestrel counts the bytes
/// it hands out). Endpoints that stream large bodies (image uploads) raise it themselves after authorization. A body over the limit
/// ends with 413 and nothing buffered beyond the limit.
/// </summary>
public sealed partial class BodyLimitMiddleware(RequestDelegate next, IOptions<HardeningOptions> options, ILogger<BodyLimitMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = context.Request.Path.StartsWithSegments("/api/hid/print")
                ? options.Value.MaxPrintBodyBytes
                : options.Value.MaxRequestBodyBytes;
        }

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            LogTooLarge(logger, context.Request.Method, context.Request.Path);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                context.Response.Headers.Connection = "close";
                await context.Response.WriteAsync("request body too large\n", context.RequestAborted);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused an oversized request body: {Method} {Path}")]
    private static partial void LogTooLarge(ILogger logger, string method, PathString path);
}
