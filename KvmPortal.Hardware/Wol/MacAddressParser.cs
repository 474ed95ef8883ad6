using System.Globalization;

namespace KvmPortal.Hardware.Wol;

/// <summary>Parses MAC addresses with clear messages for each kind of mistake.</summary>
public static class MacAddressParser
{
    /// <summary>Parses <paramref name="text"/> into 6 bytes, or throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static byte[] Parse(string? text)
    {
        return TryParse(text, out var mac, out var error) ? mac : throw new FormatException(error);
    }

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string? text, out byte[] mac, out string error)
    {
        mac = [];
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            error = "The MAC address is empty.";
            return false;
        }

        string hex;
        if (trimmed.Contains(':', StringComparison.Ordinal) || trimmed.Contains('-', StringComparison.Ordinal))
        {
            var separator = trimmed.Contains(':', StringComparison.Ordinal) ? ':' : '-';
            var groups = trimmed.Split(separator);
            if (groups.Length != 6 || groups.Any(g => g.Length != 2))
            {
                error = $"The MAC address '{trimmed}' must have 6 groups of 2 hex digits separated by '{separator}' (like 52{separator}54{separator}00{separator}12{separator}34{separator}56).";
                return false;
            }

            hex = string.Concat(groups);
        }
        else if (trimmed.Contains('.', StringComparison.Ordinal))
        {
            var groups = trimmed.Split('.');
            if (groups.Length != 3 || groups.Any(g => g.Length != 4))
            {
                error = $"The MAC address '{trimmed}' must have 3 groups of 4 hex digits separated by '.' (like 5254.0012.3456).";
                return false;
            }

            hex = string.Concat(groups);
        }
        else
        {
            hex = trimmed;
        }

        if (hex.Length != 12)
        {
            error = $"The MAC address '{trimmed}' has {hex.Length} hex digits; it needs 12.";
            return false;
        }

        var bad = hex.FirstOrDefault(c => !char.IsAsciiHexDigit(c));
        if (bad != default)
        {
            error = $"The MAC address '{trimmed}' contains '{bad}', which is not a hex digit.";
            return false;
        }

        var bytes = Convert.FromHexString(hex);
        if (bytes.All(b => b == 0))
        {
            error = "The MAC address 00:00:00:00:00:00 is not a network card's address.";
            return false;
        }

        if ((bytes[0] & 0x01) != 0)
        {
            error = $"The MAC address '{trimmed}' is a multicast or broadcast address (the first byte is odd), not a network card's address.";
            return false;
        }

        mac = bytes;
        error = string.Empty;
        return true;
    }

    /// <summary>Formats 6 bytes as aa:bb:cc:dd:ee:ff.</summary>
    public static string Format(ReadOnlySpan<byte> mac) =>
        string.Join(':', mac.ToArray().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
}
