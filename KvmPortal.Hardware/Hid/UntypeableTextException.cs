namespace KvmPortal.Hardware.Hid;

/// <summary>Thrown before typing when the target keymap cannot type some characters of a paste.</summary>
public sealed class UntypeableTextException : Exception
{
    public UntypeableTextException()
        : this("", [])
    {
    }

    public UntypeableTextException(string message)
        : base(message)
    {
        Keymap = "";
        Characters = [];
    }

    public UntypeableTextException(string message, Exception innerException)
        : base(message, innerException)
    {
        Keymap = "";
        Characters = [];
    }

    public UntypeableTextException(string keymap, IReadOnlyList<string> characters)
        : base($"Keymap '{keymap}' cannot type {characters.Count} character(s) of the text.")
    {
        Keymap = keymap;
        Characters = characters;
    }

    /// <summary>Gets the keymap.</summary>
    public string Keymap { get; }

    /// <summary>Gets the characters that cannot be typed.</summary>
    public IReadOnlyList<string> Characters { get; }
}
