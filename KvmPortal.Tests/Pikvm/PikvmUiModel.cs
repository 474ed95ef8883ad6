using System.Text.Json.Nodes;

namespace KvmPortal.Tests.Pikvm;

/// <summary>
/// The client-side state PiKVM's web UI keeps, merged from <c>/api/ws</c> events by the rules of its <c>setState</c> functions
/// (web/share/js/kvm/hid.js, atx.js, msd.js, stream.js; facts only). The UI replaces what it receives: hid copies
/// <c>keyboard.{online,outputs,leds}</c> and <c>mouse.{online,outputs,absolute}</c> from every hid event, even when absent;
/// msd takes <c>busy</c>, a non-null <c>drive</c> and each of <c>storage.{parts,uploading,downloading,images}</c> whole;
/// the stream takes <c>features</c> with <c>limits</c>, and <c>streamer</c> whole.
/// </summary>
internal sealed class PikvmUiModel
{
    public JsonObject? Hid { get; private set; }

    public JsonObject? Atx { get; private set; }

    public JsonObject? Msd { get; private set; }

    public JsonObject? Stream { get; private set; }

    /// <summary>What the Drive menu's image selector shows: the selected image name, or "" ("Not selected").</summary>
    public string SelectedImage
    {
        get
        {
            var image = Msd?["drive"]?["image"];
            var images = Msd?["storage"]?["images"] as JsonObject;
            if (image is null || images is null)
            {
                return "";
            }

            var name = image["name"]!.GetValue<string>();
            return image["in_storage"]!.GetValue<bool>() && images.ContainsKey(name) ? name : ".__external__";
        }
    }

    /// <summary>The keyboard LED flags as the UI reads them (null entries are what made the LEDs show inactive).</summary>
    public bool? CapsLed => Hid?["keyboard"]?["leds"]?["caps"]?.GetValue<bool>();

    public void Apply(string type, JsonObject ev)
    {
        switch (type)
        {
            case "hid":
                ApplyHid(ev);
                break;
            case "atx":
                Atx ??= new JsonObject { ["leds"] = new JsonObject() };
                Take(Atx, ev, "enabled", "busy", "leds");
                break;
            case "msd":
                ApplyMsd(ev);
                break;
            case "streamer":
                Stream ??= [];
                if (ev["features"] is not null)
                {
                    Stream["features"] = ev["features"]!.DeepClone();
                    Stream["limits"] = ev["limits"]?.DeepClone(); // "following together with features"
                }

                if (Stream["features"] is not null && ev.ContainsKey("streamer"))
                {
                    Stream["streamer"] = ev["streamer"]?.DeepClone();
                }

                break;
        }
    }

    private static void Take(JsonObject target, JsonObject ev, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (ev.ContainsKey(key))
            {
                target[key] = ev[key]?.DeepClone();
            }
        }
    }

    private void ApplyHid(JsonObject ev)
    {
        Hid ??= new JsonObject { ["keyboard"] = new JsonObject(), ["mouse"] = new JsonObject() };
        Take(Hid, ev, "enabled");
        if (Hid["enabled"] is null)
        {
            return;
        }

        Take(Hid, ev, "online", "busy", "connected", "jiggler");
        foreach (var device in new[] { "keyboard", "mouse" })
        {
            var incoming = ev[device] as JsonObject ?? [];
            foreach (var key in new[] { "online", "outputs", device == "keyboard" ? "leds" : "absolute" })
            {
                Hid[device]![key] = incoming[key]?.DeepClone(); // replaced even when absent: undefined in the UI
            }
        }
    }

    private void ApplyMsd(JsonObject ev)
    {
        Msd ??= new JsonObject { ["storage"] = new JsonObject() };
        Take(Msd, ev, "enabled");
        if (Msd["enabled"] is null)
        {
            return;
        }

        Take(Msd, ev, "online", "busy");
        if (ev["drive"] is JsonObject drive)
        {
            Msd["drive"] = drive.DeepClone();
        }

        if (ev["storage"] is JsonObject storage)
        {
            Take(Msd["storage"]!.AsObject(), storage, "parts", "uploading", "downloading", "images");
        }
    }
}
