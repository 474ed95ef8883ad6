using KvmPortal.Macros;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Macros;

public sealed class MacroStoreAndJsonTests
{
    [Fact]
    public void PiKvmRecorderExport_IsImported_StepForStep()
    {
        const string pikvm = """
            [
              {"event_type": "key", "event": {"key": "KeyA", "state": true}},
              {"event_type": "delay", "event": {"millis": 120}},
              {"event_type": "key", "event": {"key": "KeyA", "state": false}},
              {"event_type": "mouse_move", "event": {"to": {"x": 0, "y": -32768}}},
              {"event_type": "mouse_button", "event": {"button": "left", "state": true}},
              {"event_type": "mouse_relative", "event": {"delta": [{"x": 3, "y": -1}, {"x": 2, "y": 0}], "squash": true}},
              {"event_type": "mouse_wheel", "event": {"delta": {"x": 0, "y": -5}}},
              {"event_type": "atx_button", "event": {"button": "reset"}}
            ]
            """;

        var document = MacroJson.Import(pikvm, "from pikvm");

        Assert.Equal("from pikvm", document.Name);
        Assert.Equal(
            ["KeyA down", "wait 120 ms", "KeyA up", "move to 16384, 0", "left button down", "move by 5, -1", "wheel -5, 0", "power ResetHard"],
            document.Steps.Select(s => s.ToString()));
    }

    [Fact]
    public void OwnFormat_RoundTrips_AndUnknownPiKvmEventsAreReported()
    {
        var original = new MacroDocument("bios", true, [MacroStep.Key("F2", true), MacroStep.Delay(50), MacroStep.Key("F2", false)]);
        Assert.Equal(original.Steps, MacroJson.Import(MacroJson.Export(original), "x").Steps);
        Assert.True(MacroJson.Import(MacroJson.Export(original), "x").Shared);

        var error = Assert.Throws<FormatException>(() => MacroJson.Import("""[{"event_type": "gpio_switch", "event": {}}]""", "x"));
        Assert.Contains("gpio_switch", error.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => MacroJson.Import("not json", "x"));
    }

    [Fact]
    public async Task Store_ShowsOwnAndSharedMacros_AndOnlyTheOwnerOrAnAdminDeletes()
    {
        using var app = new KvmAppFactory().Start();
        var store = app.Services.GetRequiredService<MacroStore>();
        var mine = await store.SaveAsync("oscar", "private one", false, [MacroStep.Key("KeyA", true)], CancellationToken.None);
        var shared = await store.SaveAsync("oscar", "shared one", true, [MacroStep.Key("KeyB", true)], CancellationToken.None);
        Assert.Equal(mine, await store.SaveAsync("oscar", "private one", false, [MacroStep.Key("KeyC", true)], CancellationToken.None));

        Assert.Equal(["private one", "shared one"], (await store.ListAsync("oscar", CancellationToken.None)).Select(m => m.Name));
        Assert.Equal(["shared one"], (await store.ListAsync("otto", CancellationToken.None)).Select(m => m.Name));
        Assert.Null(await store.GetAsync(mine, "otto", CancellationToken.None));
        Assert.Equal("KeyC", MacroJson.DeserializeSteps((await store.GetAsync(mine, "oscar", CancellationToken.None))!.StepsJson).Single().Code);

        Assert.False(await store.DeleteAsync(shared, "otto", isAdmin: false, CancellationToken.None));
        Assert.True(await store.DeleteAsync(shared, "admin", isAdmin: true, CancellationToken.None));
        Assert.True(await store.DeleteAsync(mine, "oscar", isAdmin: false, CancellationToken.None));
        Assert.Empty(await store.ListAsync("oscar", CancellationToken.None));
    }
}
