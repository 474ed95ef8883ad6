using KvmPortal.Api;
using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Hardware.Msd;
using Microsoft.AspNetCore.Http.Features;

namespace KvmPortal.Msd;

/// <summary>PiKVM's <c>/api/msd</c> routes. State needs View; everything else needs Media.</summary>
public static class MsdApi
{
    public static RouteGroupBuilder MapMsdApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/msd").AddEndpointFilter<ApiErrorFilter>().WithTags("Virtual media");
        group.MapGet("", (IMassStorage msd, ImageLibrary library) => ApiEnvelope.Ok(ApiStates.Msd(msd, library))).RequireAuthorization(Permissions.View);
        var media = group.MapGroup("").RequireAuthorization(Permissions.Media);
        media.MapPost("/set_params", SetParamsAsync);
        media.MapPost("/set_connected", async (HttpContext context, IMassStorage msd) =>
        {
            var connected = ApiQuery.Bool(context, "connected", false);
            if (!context.Request.Query.ContainsKey("connected"))
            {
                throw new ApiValidationException("Missing parameter 'connected'");
            }

            if (connected)
            {
                await msd.ConnectAsync(context.RequestAborted);
            }
            else
            {
                await msd.DisconnectAsync(context.RequestAborted);
            }

            return ApiEnvelope.Ok();
        }).AddEndpointFilter(new AuditedEndpointFilter(
            c => ApiQuery.Bool(c, "connected", false) ? AuditActions.MediaAttach : AuditActions.MediaDetach, "image"));
        media.MapPost("/reset", async (IMassStorage msd, CancellationToken ct) =>
        {
            await msd.DisconnectAsync(ct);
            await msd.SetImageAsync(null, MsdMode.CdRom, true, ct);
            return ApiEnvelope.Ok();
        });
        media.MapPost("/remove", (HttpContext context, ImageLibrary library) =>
        {
            library.Delete(ApiQuery.RequiredText(context, "image", 512));
            return ApiEnvelope.Ok();
        }).AddEndpointFilter(new AuditedEndpointFilter(AuditActions.MediaDelete, "image"));
        media.MapGet("/read", Read);
        media.MapPost("/write", WriteAsync).AddEndpointFilter(new AuditedEndpointFilter(AuditActions.MediaUpload, "image"));
        media.MapPost("/write_remote", MsdRemoteWrite.HandleAsync).AddEndpointFilter(new AuditedEndpointFilter(AuditActions.MediaUpload, "url"));
        return group;
    }

    internal static void CheckPrefix(HttpContext context)
    {
        if (!string.IsNullOrEmpty(ApiQuery.Text(context, "prefix", 256)))
        {
            throw new ApiValidationException("KvmPortal keeps images in one folder: prefix must be empty");
        }
    }

    private static async Task<IResult> SetParamsAsync(HttpContext context, IMassStorage msd, ImageLibrary library)
    {
        var state = msd.State;
        var image = ApiQuery.Text(context, "image", 512);
        var cdrom = ApiQuery.Bool(context, "cdrom", state.Mode == MsdMode.CdRom);
        var rw = ApiQuery.Bool(context, "rw", !state.ReadOnly);
        var name = image is null ? state.ImageName : image.Length == 0 ? null : image;
        if (name is not null)
        {
            if (name.Contains("://", StringComparison.Ordinal))
            {
                throw new ApiValidationException("Remote images are not supported; use /api/msd/write_remote first");
            }

            ImageName.Validate(name);
            if (!library.Exists(name))
            {
                throw new MsdException(MsdErrorCode.NotFound, $"no image named \"{name}\"");
            }

            // As PiKVM: rw is forced off for a CD-ROM and for an image that cannot be writable (detected by content, not by suffix).
            if (cdrom || library.Get(name).IsOpticalDisc)
            {
                rw = false;
            }
        }

        await msd.SetImageAsync(name, cdrom ? MsdMode.CdRom : MsdMode.Flash, !rw, context.RequestAborted);
        return ApiEnvelope.Ok();
    }

    private static IResult Read(HttpContext context, ImageLibrary library)
    {
        var name = ApiQuery.RequiredText(context, "image", 512);
        var compress = ApiQuery.Text(context, "compress", 16) ?? "none";
        if (compress != "none")
        {
            throw new ApiValidationException("Only compress=none is supported");
        }

        var stream = library.OpenRead(name);
        return Results.Stream(stream, "application/octet-stream", fileDownloadName: name, enableRangeProcessing: false);
    }

    private static async Task<IResult> WriteAsync(HttpContext context, ImageLibrary library)
    {
        var name = ApiQuery.RequiredText(context, "image", 512);
        CheckPrefix(context);
        var removeIncomplete = ApiQuery.Bool(context, "remove_incomplete", false);
        var offset = ApiQuery.Text(context, "offset", 20) is { } text
            ? long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var o) ? o
              : throw new ApiValidationException("offset must be a non-negative integer")
            : 0;
        ImageName.Validate(name);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null; // images are large; the body is streamed, never buffered
        }

        var result = await library.UploadAsync(
            new UploadRequest
            {
                Name = name,
                Offset = offset,
                BodyLength = context.Request.ContentLength,
                KeepPartialOnInterrupt = !removeIncomplete,
            },
            context.Request.Body,
            cancellationToken: context.RequestAborted);
        return ApiEnvelope.Ok(new { image = new { name = result.Name, size = result.Image?.Size ?? result.Length, written = result.Length, complete = result.Complete, sha256 = result.Image?.Sha256 } });
    }
}
