namespace KvmPortal.Tests.Api;

/// <summary>What a fuzzed parameter is, so the generator can make values that no handler may accept.</summary>
public enum FuzzKind
{
    /// <summary>A PiKVM boolean.</summary>
    Bool,

    /// <summary>An integer (only values far outside every range, or not numbers at all).</summary>
    Number,

    /// <summary>An image name (only names ImageName rejects).</summary>
    ImageName,

    /// <summary>A URL (only non-http(s) or unparsable values).</summary>
    Url,

    /// <summary>An enumerated word (action, button, role, key…): only values with punctuation or digits, which no enumeration contains.</summary>
    Choice,

    /// <summary>Free text (a name that does not exist, an id).</summary>
    Free,
}
