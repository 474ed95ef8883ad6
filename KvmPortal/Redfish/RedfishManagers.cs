using System.Text.Json;
using KvmPortal.Auth;
using KvmPortal.Hardware.Msd;

namespace KvmPortal.Redfish;

/// <summary>
/// Managers/BMC and its virtual drive VirtualMedia/CD. InsertMedia takes an image name from the library or an http(s) URL (downloaded
/// into the library first); CD-ROM or flash is decided by the image's content (ISO 9660/UDF), never by its suffix, and WriteProtected
/// means read-only in both directions.
/// </summary>
public static class RedfishManagers
{
    public const string Manager = RedfishApi.Root + "/Managers/BMC";
    public const string Media = Manager + "/VirtualMedia/CD";

    public static void Map(RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/Managers", () => RedfishApi.Collection("/Managers", "#ManagerCollection.ManagerCollection", "Manager Collection", Manager));
        group.MapGet("/Managers/BMC", () => Results.Json(new Dictionary<string, object>
        {
            ["@odata.id"] = Manager,
            ["@odata.type"] = "#Manager.v1_10_0.Manager",
            ["Id"] = "BMC",
            ["Name"] = "KvmPortal",
            ["ManagerType"] = "BMC",
            ["FirmwareVersion"] = Pikvm.InfoApi.Version,
            ["Status"] = new Dictionary<string, string> { ["State"] = "Enabled", ["Health"] = "OK" },
            ["VirtualMedia"] = RedfishApi.Link(Manager + "/VirtualMedia"),
            ["Links"] = new Dictionary<string, object> { ["ManagerForServers"] = new[] { RedfishApi.Link(RedfishApi.System) } },
        }));
        group.MapGet("/Managers/BMC/VirtualMedia", () =>
            RedfishApi.Collection("/Managers/BMC/VirtualMedia", "#VirtualMediaCollection.VirtualMediaCollection", "Virtual Media Collection", Media));
        group.MapGet("/Managers/BMC/VirtualMedia/CD", (IMassStorage msd) => Results.Json(Resource(msd.State)));
        group.MapPost("/Managers/BMC/VirtualMedia/CD/Actions/VirtualMedia.InsertMedia", InsertAsync).RequireAuthorization(Permissions.Media);
        group.MapPost("/Managers/BMC/VirtualMedia/CD/Actions/VirtualMedia.EjectMedia", async (HttpContext context, IMassStorage msd) =>
        {
            await msd.DisconnectAsync(context.RequestAborted);
            await msd.SetImageAsync(null, MsdMode.CdRom, true, context.RequestAborted);
            return Results.NoContent();
        }).RequireAuthorization(Permissions.Media);
    }

    private static Dictionary<string, object?> Resource(MassStorageState s) => new()
    {
        ["@odata.id"] = Media,
        ["@odata.type"] = "#VirtualMedia.v1_3_0.VirtualMedia",
        ["Id"] = "CD",
        ["Name"] = "Virtual drive",
        ["MediaTypes"] = new[] { "CD", "DVD", "USBStick" },
        ["Image"] = s.Connected ? s.ImageName : null,
        ["ImageName"] = s.Connected ? s.ImageName : null,
        ["Inserted"] = s.Connected,
        ["WriteProtected"] = s.ReadOnly,
        ["ConnectedVia"] = s.Connected ? "URI" : "NotConnected",
        ["Actions"] = new Dictionary<string, object>
        {
            ["#VirtualMedia.InsertMedia"] = new Dictionary<string, string> { ["target"] = Media + "/Actions/VirtualMedia.InsertMedia" },
            ["#VirtualMedia.EjectMedia"] = new Dictionary<string, string> { ["target"] = Media + "/Actions/VirtualMedia.EjectMedia" },
        },
    };

    private static async Task<IResult> InsertAsync(HttpContext context, IMassStorage msd, ImageLibrary library)
    {
        var body = await RedfishApi.ReadBodyAsync(context);
        if (body is not { } json || !json.TryGetProperty("Image", out var imageElement) || imageElement.ValueKind != JsonValueKind.String ||
            imageElement.GetString() is not { Length: > 0 and <= 4096 } image)
        {
            return RedfishErrors.Error(400, "Base.1.8.ActionParameterMissing", "Image is required");
        }

        if (!TryBool(json, "Inserted", true, out var inserted) || !TryBool(json, "WriteProtected", true, out var writeProtected))
        {
            return RedfishErrors.Error(400, "Base.1.8.ActionParameterValueTypeError", "Inserted and WriteProtected must be booleans");
        }

        var name = image;
        if (Uri.TryCreate(image, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            name = Uri.UnescapeDataString(uri.Segments[^1].TrimEnd('/'));
            ImageName.Validate(name);
            if (!library.Exists(name))
            {
                await KvmPortal.Security.Outbound.GuardedDownload.DownloadAsync(library, uri, name, null,
                    context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KvmPortal.Security.Outbound.GuardedDownload)), context.RequestAborted);
            }
        }
        else
        {
            ImageName.Validate(name);
        }

        var info = library.Get(name);
        await msd.DisconnectAsync(context.RequestAborted);
        await msd.SetImageAsync(name, info.IsOpticalDisc ? MsdMode.CdRom : MsdMode.Flash, writeProtected || info.IsOpticalDisc, context.RequestAborted);
        if (inserted)
        {
            await msd.ConnectAsync(context.RequestAborted);
        }

        return Results.NoContent();
    }

    private static bool TryBool(JsonElement json, string name, bool fallback, out bool value)
    {
        value = fallback;
        if (!json.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            value = element.GetBoolean();
            return true;
        }

        return false;
    }
}
