namespace KvmPortal.Ipmi;

/// <summary>The IPMI audit action names (stable strings). Power and media changes use the shared <c>power</c> and <c>media.attach</c> actions.</summary>
public static class IpmiAuditActions
{
    public const string SessionOpened = "ipmi.session_opened";
    public const string SessionClosed = "ipmi.session_closed";
    public const string Command = "ipmi.command";
    public const string LoginFailed = "ipmi.login_failed";
    public const string Lockout = "ipmi.lockout";
    public const string Refused = "ipmi.refused";
    public const string PasswordSet = "ipmi.password_set";
    public const string PasswordCleared = "ipmi.password_cleared";
}
