using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using KvmPortal.Pikvm;
using KvmPortal.Tests.Api;

namespace KvmPortal.Tests.Pikvm;

/// <summary>
/// kvmd's <c>/api/ws</c> update granularity (kvmd/apps/kvmd/streamer/__init__.py and kvmd/plugins/msd/otg/__init__.py poll_state, the
/// hid/atx plugins' whole-state polls), checked on the wire and through <see cref="PikvmUiModel"/>, which merges events the way
/// PiKVM's web UI does: the Drive menu, the keyboard LEDs and the stream state must come out right.
/// </summary>
public sealed class PikvmWsGranularityTests(ApiTestApp app) : IClassFixture<ApiTestApp>
{
    private static readonly string[] MsdTopKeys = ["enabled", "online", "busy", "drive", "storage"];
    private static readonly string[] MsdStorageKeys = ["images", "parts", "downloading", "uploading"];

    [Fact]
    public async Task UiMergedState_ShowsDriveLedsAndStream_AndDropsARemovedImage()
    {
        using var socket = await PikvmWs.ConnectAsync(app, app.ViewTokenText);
        var model = new PikvmUiModel();
        var events = new List<(string Type, JsonObject Event)>();
        using var stop = new CancellationTokenSource();
        var pump = PumpAsync(socket, model, events, stop.Token);
        try
        {
            await WaitAsync(events, () => model.Hid is not null && model.Msd is not null && model.Stream is not null && model.Atx is not null);
            Assert.NotNull(model.CapsLed);
            Assert.NotNull(model.Stream!["limits"]?["desired_fps"]?["max"]);

            const string image = "pikvm-ui-merge.img";
            using (var body = new ByteArrayContent(new byte[65536]))
            {
                await PostOkAsync($"/api/msd/write?image={image}", body);
            }

            await PostOkAsync($"/api/msd/set_params?image={image}&cdrom=0");
            await PostOkAsync("/api/hid/set_params?jiggler=1");
            await PostOkAsync("/api/hid/set_params?jiggler=0");
            await WaitAsync(events, () => model.SelectedImage == image && model.Hid!["jiggler"]?["enabled"]?.GetValue<bool>() == false);

            // The Drive menu: the image is selected and listed, the storage has a size ("Storage: x of y", not "0 of 0").
            Assert.True(model.Msd!["storage"]!["images"]!.AsObject().ContainsKey(image));
            Assert.True(model.Msd["storage"]!["parts"]![""]!["size"]!.GetValue<long>() > 0);
            // The LEDs survived every hid event, the stream state is intact.
            Assert.NotNull(model.CapsLed);
            Assert.NotNull(model.Hid!["mouse"]!["absolute"]);
            Assert.NotNull(model.Atx!["leds"]!["power"]);
            Assert.NotNull(model.Stream!["streamer"]?["source"]?["online"]);

            await PostOkAsync($"/api/msd/remove?image={image}");
            await WaitAsync(events, () => model.Msd!["drive"]!["image"] is null);
            Assert.Equal("", model.SelectedImage);
            Assert.False(model.Msd!["storage"]!["images"]!.AsObject().ContainsKey(image));
        }
        finally
        {
            await stop.CancelAsync();
            await IgnoreCancellationAsync(pump);
        }

        // On the wire, every update after the first full one has kvmd's granularity.
        foreach (var (type, ev) in events.Skip(1))
        {
            switch (type)
            {
                case "hid":
                    Assert.True(ev["keyboard"]?["leds"] is JsonObject && ev["mouse"] is JsonObject && ev.ContainsKey("jiggler"), "hid is sent whole: " + ev.ToJsonString());
                    break;
                case "atx":
                    Assert.True(ev["leds"] is JsonObject && ev.ContainsKey("busy") && ev.ContainsKey("acts"), "atx is sent whole: " + ev.ToJsonString());
                    break;
                case "msd":
                    Assert.All(ev, p => Assert.Contains(p.Key, MsdTopKeys));
                    if (ev["drive"] is JsonObject drive)
                    {
                        Assert.True(drive.ContainsKey("image") && drive.ContainsKey("connected") && drive.ContainsKey("cdrom"), "drive is sent whole");
                    }

                    if (ev["storage"] is JsonObject storage)
                    {
                        Assert.All(storage, p => Assert.Contains(p.Key, MsdStorageKeys));
                    }

                    break;
                case "streamer":
                    if (ev.ContainsKey("params") || ev.ContainsKey("applied"))
                    {
                        Assert.True(ev.ContainsKey("limits"), "limits travel with params/applied");
                    }

                    if (ev["streamer"] is JsonObject s)
                    {
                        Assert.True(s["source"] is JsonObject && s["stream"] is JsonObject, "streamer is sent whole per top-level key");
                    }

                    break;
            }
        }
    }

    [Fact]
    public void Granularity_MatchesKvmd()
    {
        var before = JsonNode.Parse("""{"enabled":true,"online":true,"busy":false,"storage":{"images":{"a":{"size":1}},"parts":{"":{"size":9,"free":5}},"downloading":null,"uploading":null},"drive":{"image":{"name":"a","in_storage":true},"connected":false,"cdrom":true,"rw":false}}""")!.AsObject();
        var after = JsonNode.Parse("""{"enabled":true,"online":true,"busy":false,"storage":{"images":{"a":{"size":1},"b":{"size":2}},"parts":{"":{"size":9,"free":4}},"downloading":null,"uploading":null},"drive":{"image":{"name":"a","in_storage":true},"connected":true,"cdrom":true,"rw":false}}""")!.AsObject();
        var msd = PikvmGranularity.Diff("msd", before, after)!;
        Assert.Equal(["drive", "storage"], msd.Select(p => p.Key).Order());
        Assert.Equal(["images", "parts"], msd["storage"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal(2, msd["storage"]!["images"]!.AsObject().Count); // whole, not just "b"
        Assert.NotNull(msd["drive"]!["image"]); // whole drive

        var hidBefore = JsonNode.Parse("""{"online":true,"keyboard":{"online":true,"leds":{"caps":false}},"jiggler":{"enabled":false}}""")!.AsObject();
        var hidAfter = JsonNode.Parse("""{"online":true,"keyboard":{"online":true,"leds":{"caps":false}},"jiggler":{"enabled":true}}""")!.AsObject();
        Assert.True(JsonNode.DeepEquals(hidAfter, PikvmGranularity.Diff("hid", hidBefore, hidAfter)));
        Assert.Null(PikvmGranularity.Diff("hid", hidAfter, hidAfter.DeepClone().AsObject()));

        var sBefore = JsonNode.Parse("""{"features":{"quality":true},"limits":{"desired_fps":{"min":0,"max":120}},"params":{"quality":80},"applied":{"quality":80},"streamer":{"source":{"online":true},"stream":{"clients":0}},"snapshot":{"saved":null}}""")!.AsObject();
        var sAfter = JsonNode.Parse("""{"features":{"quality":true},"limits":{"desired_fps":{"min":0,"max":120}},"params":{"quality":70},"applied":{"quality":80},"streamer":{"source":{"online":true},"stream":{"clients":1}},"snapshot":{"saved":null}}""")!.AsObject();
        var streamer = PikvmGranularity.Diff("streamer", sBefore, sAfter)!;
        Assert.Equal(["limits", "params", "streamer"], streamer.Select(p => p.Key).Order());
        Assert.NotNull(streamer["streamer"]!["source"]); // whole top-level key
    }

    private async Task PostOkAsync(string path, HttpContent? content = null)
    {
        using var response = await app[ApiTestApp.Admin].PostAsync(new Uri(path, UriKind.Relative), content);
        Assert.True((int)response.StatusCode == 200, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task PumpAsync(WebSocket socket, PikvmUiModel model, List<(string, JsonObject)> events, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            if (await PikvmWs.ReceiveJsonAsync(socket, TimeSpan.FromMinutes(2), ct) is not { } message)
            {
                continue;
            }

            var type = message.GetProperty("event_type").GetString()!;
            if (message.GetProperty("event").ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var ev = JsonNode.Parse(message.GetProperty("event").GetRawText())!.AsObject();
            lock (events)
            {
                events.Add((type, ev));
                model.Apply(type, ev);
            }
        }
    }

    private static async Task WaitAsync(List<(string, JsonObject)> events, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            lock (events)
            {
                if (condition())
                {
                    return;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the merged UI state");
            await Task.Delay(50);
        }
    }

    private static async Task IgnoreCancellationAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }
    }
}
