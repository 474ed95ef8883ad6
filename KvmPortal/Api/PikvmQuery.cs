using System.Globalization;
using KvmPortal.Api;

namespace KvmPortal.Api;

/// <summary>Query parameters with kvmd's validators: real numbers (kvmd's <c>valid_number(type=float)</c>) and kvmd's fixed HID output names.</summary>
public static class PikvmQuery
{
    /// <summary>kvmd's <c>valid_hid_keyboard_output</c> choices.</summary>
    public static IReadOnlyList<string> KeyboardOutputs { get; } = ["usb", "ps2", "disabled"];

    /// <summary>kvmd's <c>valid_hid_mouse_output</c> choices.</summary>
    public static IReadOnlyList<string> MouseOutputs { get; } = ["usb", "usb_win98", "usb_rel", "ps2", "disabled"];

    /// <summary>A real number in <paramref name="min"/>..<paramref name="max"/> (invariant culture); <paramref name="fallback"/> when absent.</summary>
    public static double Real(HttpContext context, string name, double fallback, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Query.TryGetValue(name, out var raw) || raw.Count == 0)
        {
            return fallback;
        }

        if (raw.Count == 1
            && double.TryParse(raw[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value) && value >= min && value <= max)
        {
            return value;
        }

        throw new ApiValidationException(string.Create(CultureInfo.InvariantCulture, $"Invalid value for '{name}': a number in {min}..{max} is required"));
    }
}
