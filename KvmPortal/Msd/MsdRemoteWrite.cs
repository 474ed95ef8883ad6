using System.Text.Json;
using KvmPortal.Api;
using KvmPortal.Hardware.Msd;
using KvmPortal.Security.Outbound;

namespace KvmPortal.Msd;

/// <summary><c>/api/msd/write_remote</c>: downloads a URL into the library and streams NDJSON progress lines about once a second.</summary>
public static class MsdRemoteWrite
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task HandleAsync(HttpContext context, ImageLibrary library, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(library);
        var url = ApiQuery.RequiredText(context, "url", 4096);
        var name = ApiQuery.Text(context, "image", 512);
        MsdApi.CheckPrefix(context);
        ApiQuery.Number(context, "timeout", 10, 1, 3600);
        ApiQuery.Bool(context, "remove_incomplete", true);
        if (ApiQuery.Bool(context, "insecure", false))
        {
            throw new ApiValidationException("insecure downloads (no TLS verification) are not supported");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ApiValidationException("url must be an absolute http or https URL");
        }

        if (!string.IsNullOrEmpty(name))
        {
            ImageName.Validate(name);
        }

        TransferProgress? latest = null;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = new Progress<TransferProgress>(p =>
        {
            Volatile.Write(ref latest, p);
            started.TrySetResult();
        });
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GuardedDownload));
        var download = GuardedDownload.DownloadAsync(library, uri, string.IsNullOrEmpty(name) ? null : name, progress, logger, context.RequestAborted);

        // A refused or failed fetch ends before the first byte: answer it with a plain 4xx instead of a 200 progress stream.
        if (await Task.WhenAny(download, started.Task) == download && download.IsFaulted)
        {
            await download;
        }

        context.Response.ContentType = "application/x-ndjson";
        await WriteLineAsync(context, new { ok = true, result = new { image = new { name = name ?? "", size = (long?)null, written = 0L } } });
        while (!download.IsCompleted)
        {
            await Task.WhenAny(download, Task.Delay(TimeSpan.FromSeconds(1), time, context.RequestAborted));
            if (!download.IsCompleted && Volatile.Read(ref latest) is { } p)
            {
                await WriteLineAsync(context, new { ok = true, result = new { image = new { name = p.Name, size = p.Total, written = p.Written } } });
            }
        }

        try
        {
            var result = await download;
            await WriteLineAsync(context, new { ok = true, result = new { image = new { name = result.Name, size = result.Image?.Size ?? result.Length, written = result.Length, sha256 = result.Image?.Sha256 } } });
        }
        catch (MsdException ex)
        {
            await WriteLineAsync(context, new { ok = false, result = new { error = ex.Code == MsdErrorCode.AlreadyExists ? "MsdImageExistsError" : "Msd" + ex.Code + "Error", error_msg = ex.Message } });
        }
    }

    private static async Task WriteLineAsync(HttpContext context, object line)
    {
        await context.Response.WriteAsync(JsonSerializer.Serialize(line, Json) + "\r\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
