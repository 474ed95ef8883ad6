using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KvmPortal.Macros;

/// <summary>
/// Macro JSON: KvmPortal's own document (<see cref="MacroDocument"/>), and import of PiKVM's web recorder export, an array of
/// <c>{"event_type": ..., "event": {...}}</c> (key, delay, mouse_button, mouse_move with x/y in -32768..32767, mouse_relative,
/// mouse_wheel, atx_button, print). Unknown PiKVM events (gpio) are reported, not guessed.
/// </summary>
public static class MacroJson
{
    public const int MaxSteps = 10_000;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string SerializeSteps(IReadOnlyList<MacroStep> steps) => JsonSerializer.Serialize(steps, Options);

    public static IReadOnlyList<MacroStep> DeserializeSteps(string json) => JsonSerializer.Deserialize<List<MacroStep>>(json, Options) ?? [];

    public static string Export(MacroDocument document) => JsonSerializer.Serialize(document, Options);

    /// <summary>Reads a KvmPortal document or a PiKVM recorder array. Throws <see cref="FormatException"/> with a reason.</summary>
    public static MacroDocument Import(string json, string fallbackName)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException("Not JSON: " + ex.Message, ex);
        }

        var document = root switch
        {
            JsonArray pikvm => new MacroDocument(fallbackName, false, FromPiKvm(pikvm)),
            JsonObject => root.Deserialize<MacroDocument>(Options) ?? throw new FormatException("Empty macro document."),
            _ => throw new FormatException("Expected a macro object or a PiKVM recorder array."),
        };
        if (document.Steps is null || document.Steps.Count > MaxSteps)
        {
            throw new FormatException($"A macro needs between 0 and {MaxSteps} steps.");
        }

        return document with { Name = string.IsNullOrWhiteSpace(document.Name) ? fallbackName : document.Name.Trim() };
    }

    private static List<MacroStep> FromPiKvm(JsonArray events)
    {
        var steps = new List<MacroStep>();
        foreach (var item in events)
        {
            var type = item?["event_type"]?.GetValue<string>();
            var e = item?["event"];
            if (type == "print")
            {
                steps.AddRange(PikvmPrintEvent.ToSteps(e, "en-us"));
                continue;
            }

            steps.Add(type switch
            {
                "delay" => MacroStep.Delay(Int(e?["millis"])),
                "key" => MacroStep.Key(e?["key"]?.GetValue<string>() ?? "", e?["state"]?.GetValue<bool>() ?? false),
                "mouse_button" => new MacroStep { Kind = MacroStepKind.MouseButton, Button = e?["button"]?.GetValue<string>(), Pressed = e?["state"]?.GetValue<bool>() ?? false },
                "mouse_move" => new MacroStep { Kind = MacroStepKind.MouseMove, X = FromSigned(Int(e?["to"]?["x"])), Y = FromSigned(Int(e?["to"]?["y"])) },
                "mouse_relative" => new MacroStep { Kind = MacroStepKind.MouseRelative, X = Delta(e, "x"), Y = Delta(e, "y") },
                "mouse_wheel" => new MacroStep { Kind = MacroStepKind.Wheel, X = Int(e?["delta"]?["x"]), Y = Int(e?["delta"]?["y"]) },
                "atx_button" => new MacroStep { Kind = MacroStepKind.Power, Code = AtxButton(e?["button"]?.GetValue<string>()) },
                _ => throw new FormatException($"PiKVM event '{type}' is not supported."),
            });
        }

        return steps;
    }

    private static int Int(JsonNode? node) => node is null ? 0 : Convert.ToInt32(node.GetValue<double>(), CultureInfo.InvariantCulture);

    /// <summary>PiKVM's absolute mouse spans -32768..32767; ours 0..32767.</summary>
    private static int FromSigned(int value) => Math.Clamp((value + 32768) / 2, 0, 32767);

    private static int Delta(JsonNode? e, string axis) => e?["delta"] switch
    {
        JsonArray list => list.Sum(d => Int(d?[axis])),
        JsonObject single => Int(single[axis]),
        _ => 0,
    };

    private static string AtxButton(string? button) => button switch
    {
        "power" => "On",
        "power_long" => "OffHard",
        "reset" => "ResetHard",
        _ => throw new FormatException($"PiKVM ATX button '{button}' is not supported."),
    };
}
