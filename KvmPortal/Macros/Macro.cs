namespace KvmPortal.Macros;

/// <summary>A stored macro: a named list of steps owned by a user, private or shared with every user who may run macros.</summary>
public sealed class Macro
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string Owner { get; set; } = "";

    public bool Shared { get; set; }

    /// <summary>Gets or sets the steps as JSON (see <see cref="MacroJson"/>).</summary>
    public string StepsJson { get; set; } = "[]";

    public long UpdatedTicks { get; set; }
}
