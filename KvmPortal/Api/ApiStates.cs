using System.Text.Json;
using System.Text.Json.Nodes;
using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hardware.Hid.Keymaps;
using KvmPortal.Hardware.Msd;
using KvmPortal.Hardware.Video;
using Microsoft.Extensions.Options;

namespace KvmPortal.Api;

/// <summary>The subsystem states in PiKVM's shapes (pikvm-kvmd.md §2.9, §4.3, §5), as JSON nodes so the WebSocket can diff them.</summary>
public static class ApiStates
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static JsonObject Hid(IHidOutput hid, HidJiggler jiggler, IOptions<HidOptions> options)
    {
        ArgumentNullException.ThrowIfNull(hid);
        ArgumentNullException.ThrowIfNull(jiggler);
        ArgumentNullException.ThrowIfNull(options);
        var s = hid.State;
        var enabled = s.Backend != HidBackend.Disabled;
        return Node(new
        {
            enabled,
            online = s.Online && s.HostConnected,
            busy = false,
            connected = (bool?)null,
            keyboard = new
            {
                online = s.Online && s.HostConnected,
                leds = new { caps = s.CapsLock, scroll = s.ScrollLock, num = s.NumLock },
                outputs = new { available = Array.Empty<string>(), active = "" },
            },
            mouse = new
            {
                online = s.Online && s.HostConnected,
                absolute = true,
                outputs = new { available = Array.Empty<string>(), active = "" },
            },
            jiggler = new { enabled = jiggler.Enabled, active = jiggler.Enabled, interval = options.Value.JigglerIntervalSeconds },
            backend = s.Backend.ToString(),
        });
    }

    public static JsonObject Atx(IAtxPower atx)
    {
        ArgumentNullException.ThrowIfNull(atx);
        var s = atx.State;
        return Node(new
        {
            enabled = s.Enabled,
            busy = s.Busy,
            acts = new { power = s.Enabled, reset = s.Enabled },
            leds = new { power = s.PowerLed, hdd = s.HddLed },
        });
    }

    public static JsonObject Msd(IMassStorage msd, ImageLibrary library)
    {
        ArgumentNullException.ThrowIfNull(msd);
        ArgumentNullException.ThrowIfNull(library);
        var s = msd.State;
        var images = library.List();
        var byName = new JsonObject();
        foreach (var image in images)
        {
            byName[image.Name] = ImageNode(image);
        }

        var drive = DriveImage(library, s.ImageName);
        var transfers = library.ActiveTransfers;
        var upload = transfers.FirstOrDefault(t => t.Kind == TransferKind.Upload);
        var download = transfers.FirstOrDefault(t => t.Kind == TransferKind.UrlDownload);
        long? size = null, free = null;
        try
        {
            var disk = new DriveInfo(library.Directory);
            size = disk.TotalSize;
            free = disk.AvailableFreeSpace;
        }
        catch (IOException)
        {
            // Unknown sizes stay null.
        }

        return new JsonObject
        {
            ["enabled"] = s.Enabled,
            ["online"] = s.Enabled,
            ["busy"] = s.Busy,
            ["storage"] = new JsonObject
            {
                ["images"] = byName,
                ["parts"] = new JsonObject { [""] = Node(new { size, free, writable = true }) },
                ["downloading"] = download is null ? null : Node(new { name = download.Name, size = download.Total, readed = download.Written }),
                ["uploading"] = upload is null ? null : Node(new { name = upload.Name, size = upload.Total, written = upload.Written }),
            },
            ["drive"] = new JsonObject
            {
                ["image"] = drive,
                ["connected"] = s.Connected,
                ["cdrom"] = s.Mode == MsdMode.CdRom,
                ["rw"] = !s.ReadOnly,
                ["host_has_read"] = s.HostHasRead,
                ["error"] = s.Error,
            },
        };
    }

    public static JsonObject Keymaps(IOptions<HidOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Node(new { keymaps = new { @default = options.Value.DefaultKeymap, available = KeyboardLayouts.Names } });
    }

    public static JsonObject ImageNode(ImageInfo image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Node(new
        {
            complete = true,
            removable = true,
            writable = !image.IsOpticalDisc,
            size = image.Size,
            mod_ts = image.Modified.ToUnixTimeMilliseconds() / 1000.0,
            sha256 = image.Sha256,
            optical = image.IsOpticalDisc,
        });
    }

    public static JsonObject Node(object value) => (JsonObject)JsonSerializer.SerializeToNode(value, Json)!;

    private static JsonObject? DriveImage(ImageLibrary library, string? name)
    {
        if (name is null || !library.Exists(name))
        {
            return null; // kvmd: the drive's image is null once the image is gone from storage
        }

        var node = new JsonObject { ["name"] = name, ["in_storage"] = library.Exists(name) };
        if (library.Exists(name))
        {
            foreach (var (key, value) in ImageNode(library.Get(name)))
            {
                node[key] = value?.DeepClone();
            }
        }

        return node;
    }
}
