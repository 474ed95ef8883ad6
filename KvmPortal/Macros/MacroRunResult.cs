namespace KvmPortal.Macros;

/// <summary>How a run ended.</summary>
public enum MacroRunResult
{
    Completed = 0,
    Cancelled = 1,
    Refused = 2,
}
