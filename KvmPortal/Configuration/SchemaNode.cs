namespace KvmPortal.Configuration;

/// <summary>One level of a <see cref="ConfigurationSchema"/>: the options type its keys bind to and the known sections below it.</summary>
internal sealed class SchemaNode(Type type, bool registered)
{
    public Type Type { get; set; } = type;

    /// <summary>Gets or sets a value indicating whether a feature registered this path itself (false: only a level above one that did).</summary>
    public bool Registered { get; set; } = registered;

    /// <summary>Gets the known sections directly below, by key as registered.</summary>
    public Dictionary<string, (string Name, SchemaNode Node)> Sections { get; } = new(StringComparer.OrdinalIgnoreCase);
}
