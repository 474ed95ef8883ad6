namespace KvmPortal.Hid;

/// <summary>One open console (one browser tab's circuit). Permissions are captured from the server-side identity when it opens.</summary>
public sealed class ConsoleSession(string userName, string role, bool mayControl, bool isAdmin, string? clientAddress, DateTimeOffset since)
{
    public Guid Id { get; } = Guid.NewGuid();

    public string UserName { get; } = userName;

    public string Role { get; } = role;

    /// <summary>Gets a value indicating whether the user holds the Control permission.</summary>
    public bool MayControl { get; internal set; } = mayControl;

    public bool IsAdmin { get; } = isAdmin;

    public string? ClientAddress { get; } = clientAddress;

    public DateTimeOffset Since { get; } = since;

    /// <summary>Gets or sets a value indicating whether the user chose to only watch (their input is then refused).</summary>
    public bool ViewOnly { get; set; }
}
