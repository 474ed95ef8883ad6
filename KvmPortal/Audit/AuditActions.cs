namespace KvmPortal.Audit;

/// <summary>The audited action names (stable strings: they are stored, filtered on, exported and forwarded to syslog).</summary>
public static class AuditActions
{
    public const string LoginSucceeded = "login.succeeded";
    public const string LoginFailed = "login.failed";
    public const string Logout = "logout";
    public const string Lockout = "login.lockout";
    public const string TwoFactorEnabled = "2fa.enabled";
    public const string TwoFactorDisabled = "2fa.disabled";
    public const string RecoveryCodeUsed = "2fa.recovery_code_used";
    public const string UserCreated = "user.created";
    public const string UserRoleChanged = "user.role_changed";
    public const string UserDisabled = "user.disabled";
    public const string UserEnabled = "user.enabled";
    public const string UserPasswordReset = "user.password_reset";
    public const string UserForcedLogout = "user.forced_logout";
    public const string UserRequireTwoFactor = "user.require_2fa";
    public const string UserUnlocked = "user.unlocked";
    public const string UserDeleted = "user.deleted";
    public const string Power = "power";
    public const string WakeOnLan = "power.wol";
    public const string HidReset = "hid.reset";
    public const string MediaParams = "media.params";
    public const string MediaReset = "media.reset";
    public const string ApiTokenRevoked = "api_token.revoked";
    public const string MediaAttach = "media.attach";
    public const string MediaDetach = "media.detach";
    public const string MediaDelete = "media.delete";
    public const string MediaUpload = "media.upload";
    public const string ControlTaken = "control.taken";
    public const string ControlReleased = "control.released";
    public const string MacroRun = "macro.run";
    public const string Paste = "paste";
    public const string SettingsChanged = "settings.changed";
    public const string ApiTokenCreated = "api_token.created";
    public const string ApiTokenUsed = "api_token.used";
    public const string PasswordChanged = "password.changed";
    public const string SessionsSignedOut = "sessions.signed_out_others";
    public const string SerialSession = "serial.session";
    public const string SerialInput = "serial.input";
    public const string SerialBreak = "serial.break";
    public const string SettingsTested = "settings.tested";

    public static IReadOnlyList<string> All { get; } =
    [
        LoginSucceeded, LoginFailed, Logout, Lockout, TwoFactorEnabled, TwoFactorDisabled, RecoveryCodeUsed, UserCreated, UserRoleChanged,
        UserDisabled, UserEnabled, UserPasswordReset, UserForcedLogout, UserRequireTwoFactor, UserUnlocked, UserDeleted, Power, WakeOnLan, HidReset, MediaParams, MediaReset, ApiTokenRevoked, MediaAttach, MediaDetach, MediaDelete,
        MediaUpload, ControlTaken, ControlReleased, MacroRun, Paste, SettingsChanged, ApiTokenCreated, ApiTokenUsed, PasswordChanged, SessionsSignedOut,
        SerialSession, SerialInput, SerialBreak, SettingsTested,
    ];
}
