using MudBlazor;

namespace KvmPortal.Account;

/// <summary>
/// What an account form post did, carried back to the account page as a short code in <c>?result=</c> (never free text, so a link
/// cannot make the page say anything else).
/// </summary>
public static class AccountResult
{
    public const string PasswordChanged = "password-changed";
    public const string PasswordMismatch = "password-mismatch";
    public const string PasswordWrong = "password-wrong";
    public const string PasswordRejected = "password-rejected";
    public const string LockedOut = "locked-out";
    public const string TwoFactorEnabled = "2fa-enabled";
    public const string TwoFactorCodeWrong = "2fa-code-wrong";
    public const string TwoFactorDisabled = "2fa-disabled";
    public const string TwoFactorRequired = "2fa-required";
    public const string TwoFactorProofWrong = "2fa-proof-wrong";
    public const string SignedOutOthers = "signed-out-others";
    public const string FormExpired = "form-expired";

    /// <summary>The message and its severity for a result code; null for an unknown code.</summary>
    public static (Severity Severity, string Text)? Describe(string? code) => code switch
    {
        PasswordChanged => (Severity.Success, "Your password was changed. Your other sessions were signed out; this one stays signed in."),
        PasswordMismatch => (Severity.Error, "The two new passwords differ. Type the same new password twice."),
        PasswordWrong => (Severity.Error, "The current password is wrong. Nothing was changed."),
        PasswordRejected => (Severity.Error, "The new password does not meet the rules below. Nothing was changed."),
        LockedOut => (Severity.Error, "Too many wrong passwords: the account is locked for a while. Try again later."),
        TwoFactorEnabled => (Severity.Success, "Two-factor authentication is on. Store the recovery codes below; they are shown once."),
        TwoFactorCodeWrong => (Severity.Error, "That code is not valid. Check the time on your phone and enter the code the app shows now."),
        TwoFactorDisabled => (Severity.Success, "Two-factor authentication is off. Your other sessions were signed out."),
        TwoFactorRequired => (Severity.Error, "Your account requires two-factor authentication; it cannot be turned off."),
        TwoFactorProofWrong => (Severity.Error, "Neither your password nor a current authenticator code matched. Two-factor authentication stays on."),
        SignedOutOthers => (Severity.Success, "Your other sessions were signed out. This one stays signed in."),
        FormExpired => (Severity.Warning, "The form expired (the page was open too long or the server restarted). Please try again."),
        _ => null,
    };
}
