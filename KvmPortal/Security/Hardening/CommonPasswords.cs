using Microsoft.Extensions.Options;

namespace KvmPortal.Security.Hardening;

/// <summary>
/// The common-password list: Debian package <c>john-data</c>'s <c>/usr/share/john/password.lst</c> (Openwall's list of passwords most
/// seen in real compromises; a dependency of the Pi package and installed by deploy/test.sh). Loaded once, compared case-insensitively,
/// also after stripping leading/trailing digits and symbols and undoing common letter substitutions.
/// </summary>
public sealed partial class CommonPasswords
{
    private readonly Lazy<HashSet<string>> _list;

    public CommonPasswords(IOptions<HardeningOptions> options, ILogger<CommonPasswords> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var file = options.Value.CommonPasswordsFile;
        _list = new Lazy<HashSet<string>>(() => Load(file, logger));
    }

    /// <summary>Gets the number of entries loaded (0 when the file is missing).</summary>
    public int Count => _list.Value.Count;

    /// <summary>True when <paramref name="password"/> is, or is a trivially decorated form of, a listed password.</summary>
    public bool IsCommon(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var list = _list.Value;
        var lower = password.ToLowerInvariant();
        var stripped = lower.Trim("0123456789!@#$%^&*()-_=+.,;:?/\\|~`'\" ".ToCharArray());
        var unleeted = Unleet(lower);
        var unleetedStripped = Unleet(stripped);
        return list.Contains(lower) || list.Contains(unleeted)
            || (stripped.Length >= 4 && (list.Contains(stripped) || list.Contains(unleetedStripped)))
            || lower.Distinct().Count() < 5;
    }

    private static string Unleet(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            span[i] = source[i] switch
            {
                '0' => 'o', '1' => 'i', '3' => 'e', '4' => 'a', '5' => 's', '7' => 't', '@' => 'a', '$' => 's', '!' => 'i', _ => source[i],
            };
        }
    });

    private static HashSet<string> Load(string file, ILogger logger)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(file) || !File.Exists(file))
        {
            LogMissing(logger, file);
            return set;
        }

        foreach (var line in File.ReadLines(file))
        {
            if (line.Length > 0 && !line.StartsWith("#!comment:", StringComparison.Ordinal))
            {
                set.Add(line.Trim().ToLowerInvariant());
            }
        }

        LogLoaded(logger, set.Count, file);
        return set;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Common-password list {File} not found (package john-data): only the length rule applies")]
    private static partial void LogMissing(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} common passwords from {File}")]
    private static partial void LogLoaded(ILogger logger, int count, string file);
}
