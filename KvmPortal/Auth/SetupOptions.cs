namespace KvmPortal.Auth;

/// <summary>The <c>Setup</c> section: first-run settings. Read once, when the user store is empty.</summary>
public sealed class SetupOptions
{
    public const string SectionName = "Setup";

    /// <summary>Gets or sets the first admin's password (env <c>Setup__AdminPassword</c>). Empty: one is generated.</summary>
    public string AdminPassword { get; set; } = "";
}
