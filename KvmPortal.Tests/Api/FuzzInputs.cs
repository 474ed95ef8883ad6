using System.Text;

namespace KvmPortal.Tests.Api;

/// <summary>Random values guaranteed to be invalid for a parameter kind, plus random bodies. Seeded, so a failure can be replayed.</summary>
public sealed class FuzzInputs(int seed)
{
    private static readonly string[] Junk =
    [
        "", " ", "-", "--1", "1e9999", "NaN", "Infinity", "0x10", "1.5", "99999999999999999999", "-99999999999", "null", "undefined", "[]", "{}",
        "%00", "\0", "\u202e", "\ud800", "../../etc/passwd", "..", ".hidden", "a/b", "a\\b", "con\nsole", "<script>", "' OR 1=1 --", "${jndi:x}",
        "ÄÖÜ", "日本語", "😀", "\t", "true1", "yes!", "offf", "ftp://x/y", "file:///etc/passwd", "http://", "javascript:alert(1)",
    ];

    private static readonly string[] BoolWords = ["1", "0", "TRUE", "FALSE", "YES", "NO", "ON", "OFF"];

    private readonly Random _random = new(seed);

    public string Next(FuzzKind kind)
    {
        while (true)
        {
            var value = _random.Next(3) switch
            {
                0 => Junk[_random.Next(Junk.Length)],
                1 => RandomText(_random.Next(1, 40)),
                _ => Junk[_random.Next(Junk.Length)] + RandomText(_random.Next(0, 8)),
            };
            if (IsInvalid(kind, value))
            {
                return value;
            }
        }
    }

    public string RandomText(int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(_random.Next(6) switch
            {
                0 => (char)_random.Next(0, 32),
                1 => (char)_random.Next(0x80, 0x800),
                2 => "/.\\%&=?#+"[_random.Next(9)],
                _ => (char)_random.Next(0x21, 0x7F),
            });
        }

        return text.ToString();
    }

    public byte[] Body()
    {
        var bytes = new byte[_random.Next(4) switch { 0 => 0, 1 => _random.Next(1, 64), 2 => _random.Next(64, 4096), _ => _random.Next(4096, 65536) }];
        _random.NextBytes(bytes);
        if (_random.Next(3) == 0 && bytes.Length > 2)
        {
            // Sometimes JSON-looking, to reach the parsers behind it.
            var json = Encoding.UTF8.GetBytes($"{{\"ResetType\":{Quote(Next(FuzzKind.Choice))},\"Image\":{Quote(Next(FuzzKind.ImageName))},\"UserName\":{Quote(RandomText(8))},\"Password\":{Quote(RandomText(8))},\"Inserted\":\"{RandomText(3)}\"}}");
            return _random.Next(2) == 0 ? json : json[.._random.Next(1, json.Length)];
        }

        return bytes;
    }

    /// <summary>A random path-safe word (TestServer itself refuses paths with NUL; Kestrel answers those with 400 before routing).</summary>
    public string Word() => string.Concat(Enumerable.Range(0, _random.Next(1, 20)).Select(_ => "abcdefghijklmnopqrstuvwxyz0123456789-_"[_random.Next(38)]));

    public int Pick(int count) => _random.Next(count);

    public bool Chance(int oneIn) => _random.Next(oneIn) == 0;

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    /// <summary>True when <paramref name="value"/> can never be accepted for <paramref name="kind"/>.</summary>
    private static bool IsInvalid(FuzzKind kind, string value) => kind switch
    {
        FuzzKind.Bool => !BoolWords.Contains(value.Trim().ToUpperInvariant()),
        FuzzKind.Number => !long.TryParse(value, out var n) || n > 1_000_000 || n < -1_000_000,
        // As the server sees it: on the wire a lone surrogate becomes U+FFFD, which can make a rejected name valid.
        FuzzKind.ImageName => KvmPortal.Hardware.Msd.ImageName.Check(value) is not null &&
            KvmPortal.Hardware.Msd.ImageName.Check(System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(value))) is not null,
        FuzzKind.Url => !Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"),
        FuzzKind.Choice => !value.All(char.IsAsciiLetterOrDigit) || value.Length == 0 || value.Any(char.IsDigit),
        _ => true,
    };
}
