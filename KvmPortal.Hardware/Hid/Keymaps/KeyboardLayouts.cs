using System.Collections.Frozen;

namespace KvmPortal.Hardware.Hid.Keymaps;

/// <summary>
/// The built-in target layouts: en-us, en-gb, de, fr, es, it, pt-br, sv, ru, ja. They follow the hosts' default (Windows / X11 xkb)
/// layouts without dead keys: characters that need a dead key (for example ^ ´ ` on de) are reported as untypeable.
/// </summary>
public static class KeyboardLayouts
{
    private static readonly FrozenDictionary<string, Lazy<KeyboardLayout>> Layouts = new (string Name, string Data, bool Latin)[]
    {
        ("en-us", EnUsLayout.Data, true),
        ("en-gb", EnGbLayout.Data, true),
        ("de", DeLayout.Data, true),
        ("fr", FrLayout.Data, true),
        ("es", EsLayout.Data, true),
        ("it", ItLayout.Data, true),
        ("pt-br", PtBrLayout.Data, true),
        ("sv", SvLayout.Data, true),
        ("ru", RuLayout.Data, false),
        ("ja", JaLayout.Data, true),
    }.ToFrozenDictionary(
        l => l.Name,
        l => new Lazy<KeyboardLayout>(() => KeyboardLayout.Parse(l.Name, l.Data, l.Latin)),
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the layout names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["en-us", "en-gb", "de", "fr", "es", "it", "pt-br", "sv", "ru", "ja"];

    /// <summary>Finds a layout by name (case-insensitive).</summary>
    public static bool TryGet(string name, out KeyboardLayout layout)
    {
        if (Layouts.TryGetValue(name, out var lazy))
        {
            layout = lazy.Value;
            return true;
        }

        layout = null!;
        return false;
    }

    /// <summary>Returns a layout or throws <see cref="ArgumentException"/> naming the unknown layout.</summary>
    public static KeyboardLayout Get(string name) =>
        TryGet(name, out var layout) ? layout : throw new ArgumentException($"Unknown keymap '{name}'.", nameof(name));
}
