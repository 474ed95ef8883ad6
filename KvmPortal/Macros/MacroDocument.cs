namespace KvmPortal.Macros;

/// <summary>The JSON export of one macro: <c>{"name": ..., "shared": ..., "steps": [...]}</c>.</summary>
public sealed record MacroDocument(string Name, bool Shared, IReadOnlyList<MacroStep> Steps);
