using System.Collections.Frozen;
using System.Text;

namespace KvmPortal.Hardware.Hid.Keymaps;

/// <summary>
/// A target keyboard layout for paste-as-keystrokes: which key and modifiers produce each character on the target host.
/// Layout data is one line per key: <c>Code plain [shift [altgr [shift+altgr]]]</c>, <c>--</c> for "nothing" (including dead keys,
/// which paste does not use). Space, Enter (for \n) and Tab are the same on every layout.
/// </summary>
public sealed class KeyboardLayout
{
    private static readonly string[] Letters = [.. Enumerable.Range('A', 26).Select(c => "Key" + (char)c)];
    private readonly FrozenDictionary<int, KeyStroke> _strokes;

    private KeyboardLayout(string name, FrozenDictionary<int, KeyStroke> strokes)
    {
        Name = name;
        _strokes = strokes;
    }

    /// <summary>Gets the layout name (for example <c>de</c>).</summary>
    public string Name { get; }

    /// <summary>Finds how to type a character (a Unicode scalar); false when the layout cannot type it.</summary>
    public bool TryGetStroke(Rune character, out KeyStroke stroke) => _strokes.TryGetValue(character.Value, out stroke);

    /// <summary>Parses layout data; letters KeyA..KeyZ not listed are added as a..z / A..Z when <paramref name="latinLetters"/> is set.</summary>
    internal static KeyboardLayout Parse(string name, string data, bool latinLetters)
    {
        var map = new Dictionary<int, KeyStroke>
        {
            [' '] = new("Space", false, false),
            ['\n'] = new("Enter", false, false),
            ['\t'] = new("Tab", false, false),
        };
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in data.Split('\n'))
        {
            var tokens = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length < 2)
            {
                continue;
            }

            var code = tokens[0];
            if (!HidKeyTable.TryGet(code, out _) || !listed.Add(code))
            {
                throw new FormatException($"Layout {name}: bad or repeated key '{code}'.");
            }

            for (var level = 0; level < Math.Min(4, tokens.Length - 1); level++)
            {
                var token = tokens[level + 1];
                if (token == "--")
                {
                    continue;
                }

                var rune = Rune.GetRuneAt(token, 0);
                if (rune.Utf16SequenceLength != token.Length)
                {
                    throw new FormatException($"Layout {name}: '{token}' on {code} is not one character.");
                }

                map.TryAdd(rune.Value, new KeyStroke(code, (level & 1) != 0, level >= 2));
            }
        }

        if (latinLetters)
        {
            foreach (var code in Letters.Where(c => !listed.Contains(c)))
            {
                var lower = char.ToLowerInvariant(code[3]);
                map.TryAdd(lower, new KeyStroke(code, false, false));
                map.TryAdd(char.ToUpperInvariant(lower), new KeyStroke(code, true, false));
            }
        }

        return new KeyboardLayout(name, map.ToFrozenDictionary());
    }
}
