using System.Globalization;

namespace KvmPortal.Video;

/// <summary>
/// The resolutions <c>limits.available_resolutions</c> offers when <c>features.resolution</c> is true (PiKVM's UI builds its
/// resolution selector from this list), in kvmd's <c>WxH</c> spelling, plus the current one when it is not in the list.
/// </summary>
public static class PikvmResolutions
{
    public static IReadOnlyList<string> Standard { get; } =
        ["1920x1080", "1600x1200", "1680x1050", "1280x1024", "1360x768", "1280x960", "1280x720", "1024x768", "800x600", "720x576", "720x480", "640x480"];

    /// <summary>kvmd's spelling of a resolution.</summary>
    public static string Format(int width, int height) => string.Create(CultureInfo.InvariantCulture, $"{width}x{height}");

    /// <summary>The list to advertise: <see cref="Standard"/> and the current resolution.</summary>
    public static IReadOnlyList<string> Available(int width, int height)
    {
        var current = Format(width, height);
        return width > 0 && height > 0 && !Standard.Contains(current) ? [current, .. Standard] : Standard;
    }
}
