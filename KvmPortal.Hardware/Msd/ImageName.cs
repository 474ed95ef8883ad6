using System.Globalization;
using System.Text;

namespace KvmPortal.Hardware.Msd;

/// <summary>Rules for image names: one plain file name inside the library, safe to show and to put in a path.</summary>
public static class ImageName
{
    /// <summary>The longest accepted name in UTF-8 bytes (leaves room for the hidden ".name.partial" and ".name.sha256" companions within 255).</summary>
    public const int MaxUtf8Bytes = 200;

    /// <summary>Throws <see cref="MsdException"/> (<see cref="MsdErrorCode.InvalidName"/>) when <paramref name="name"/> is not acceptable.</summary>
    public static string Validate(string? name)
    {
        var reason = Check(name);
        return reason is null ? name! : throw new MsdException(MsdErrorCode.InvalidName, $"invalid image name: {reason}");
    }

    /// <summary>Returns null when <paramref name="name"/> is acceptable, else the reason it is not.</summary>
    public static string? Check(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "the name is empty";
        }

        if (name[0] == '.')
        {
            return "the name must not start with a dot (hidden files are reserved)";
        }

        if (name.Contains("..", StringComparison.Ordinal))
        {
            return "the name must not contain \"..\"";
        }

        if (char.IsWhiteSpace(name[0]) || char.IsWhiteSpace(name[^1]))
        {
            return "the name must not start or end with white space";
        }

        if (string.Equals(name, "lost+found", StringComparison.Ordinal))
        {
            return "\"lost+found\" is reserved";
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is '/' or '\\')
            {
                return "the name must not contain a path separator";
            }

            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
                {
                    i++;
                    continue;
                }

                return "the name is not valid Unicode";
            }

            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator)
            {
                return $"the name must not contain control or formatting characters (U+{(int)c:X4})";
            }
        }

        if (Encoding.UTF8.GetByteCount(name) > MaxUtf8Bytes)
        {
            return $"the name is longer than {MaxUtf8Bytes} bytes";
        }

        return null;
    }
}
