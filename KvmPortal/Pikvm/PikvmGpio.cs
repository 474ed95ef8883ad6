using System.Text.Json.Nodes;
using KvmPortal.Hardware.Atx;

namespace KvmPortal.Pikvm;

/// <summary>
/// <c>/api/gpio</c> in kvmd's shape (<c>{model: {scheme: {inputs, outputs}, view: {header: {title}, table}}, state: {inputs, outputs}}</c>)
/// for the ATX LED lines, as inputs. The ATX buttons are driven through <c>/api/atx</c>, so no outputs are listed.
/// </summary>
public static class PikvmGpio
{
    public const string PowerLed = "atx_power_led";
    public const string HddLed = "atx_hdd_led";

    public static JsonObject State(AtxState atx)
    {
        ArgumentNullException.ThrowIfNull(atx);
        return new JsonObject
        {
            ["model"] = new JsonObject
            {
                ["scheme"] = new JsonObject
                {
                    ["inputs"] = new JsonObject { [PowerLed] = Hw("power_led"), [HddLed] = Hw("hdd_led") },
                    ["outputs"] = new JsonObject(),
                },
                ["view"] = new JsonObject
                {
                    ["header"] = new JsonObject { ["title"] = new JsonArray(Label("ATX")) },
                    ["table"] = new JsonArray(
                        new JsonArray(Label("Power LED"), Input(PowerLed, "green")),
                        new JsonArray(Label("HDD LED"), Input(HddLed, "yellow"))),
                },
            },
            ["state"] = new JsonObject
            {
                ["inputs"] = new JsonObject
                {
                    [PowerLed] = new JsonObject { ["online"] = atx.Enabled, ["state"] = atx.PowerLed },
                    [HddLed] = new JsonObject { ["online"] = atx.Enabled, ["state"] = atx.HddLed },
                },
                ["outputs"] = new JsonObject(),
            },
        };
    }

    private static JsonObject Hw(string pin) => new() { ["hw"] = new JsonObject { ["driver"] = "atx", ["pin"] = pin } };

    private static JsonObject Label(string text) => new() { ["type"] = "label", ["text"] = text };

    private static JsonObject Input(string channel, string color) => new() { ["type"] = "input", ["channel"] = channel, ["color"] = color };
}
