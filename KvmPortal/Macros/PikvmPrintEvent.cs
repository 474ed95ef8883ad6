using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hardware.Hid.Keymaps;

namespace KvmPortal.Macros;

/// <summary>
/// PiKVM's recorder <c>print</c> event (<c>{text, keymap?, slow?, delay?}</c>), imported as the key presses that type the text through
/// the keymap, with <c>delay</c> (a float 0..5 seconds, as <c>/api/hid/print</c>; <c>slow</c> alone means 0.02) waited before each
/// key event.
/// </summary>
public static class PikvmPrintEvent
{
    public static IEnumerable<MacroStep> ToSteps(JsonNode? e, string defaultKeymap)
    {
        string text;
        string keymap;
        double delay;
        try
        {
            text = e?["text"]?.GetValue<string>() ?? throw new FormatException("A PiKVM print event needs a text.");
            keymap = e?["keymap"]?.GetValue<string>() ?? defaultKeymap;
            var slow = e?["slow"]?.GetValue<bool>() ?? false;
            delay = e?["delay"] is { } d ? d.GetValue<double>() : slow ? 0.02 : 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or JsonException)
        {
            throw new FormatException("A PiKVM print event has a field of the wrong type.", ex);
        }

        if (!double.IsFinite(delay) || delay < 0 || delay > 5)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"A PiKVM print delay must be 0..5 seconds, not {delay}."));
        }

        if (!KeyboardLayouts.TryGet(keymap, out _))
        {
            throw new FormatException($"Unknown keymap '{keymap}' in a PiKVM print event.");
        }

        var missing = HidTyper.FindUntypeable(text, keymap);
        if (missing.Count > 0)
        {
            throw new FormatException($"The keymap '{keymap}' cannot type: {string.Join(' ', missing)}");
        }

        var millis = (int)Math.Round(delay * 1000);
        foreach (var key in HidTyper.Plan(text, keymap))
        {
            if (millis > 0)
            {
                yield return MacroStep.Delay(millis);
            }

            yield return MacroStep.Key(key.Code, key.Pressed);
        }
    }
}
