namespace KvmPortal.Vnc;

/// <summary>The VNC audit action names (stable strings).</summary>
public static class VncAuditActions
{
    public const string Connected = "vnc.connected";
    public const string Disconnected = "vnc.disconnected";
    public const string Refused = "vnc.refused";
    public const string PasswordSet = "vnc.password_set";
    public const string PasswordCleared = "vnc.password_cleared";
}
