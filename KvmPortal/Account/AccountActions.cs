using KvmPortal.Audit;
using KvmPortal.Data;
using KvmPortal.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KvmPortal.Account;

/// <summary>
/// The signed-in user's own security changes, done inside an HTTP request so that the renewed security stamp and this browser's new
/// cookie go out together (<see cref="SignInManager{TUser}.RefreshSignInAsync"/>): the other sessions are signed out, this one is not.
/// Running requests of the other sessions (console circuits, streams, WebSockets) are ended by the stamp change (KvmUserManager).
/// </summary>
public sealed class AccountActions(UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIn, AuditContext audit,
    RecoveryCodeHandoff handoff, IOptionsMonitor<SecurityOptions> security)
{
    public async Task<string> ChangePasswordAsync(HttpContext context, string? current, string? next, string? confirm)
    {
        var user = await users.GetUserAsync(context.User) ?? throw new InvalidOperationException("Signed in without a user");
        if (string.IsNullOrEmpty(next) || next != confirm)
        {
            return AccountResult.PasswordMismatch;
        }

        var check = await signIn.CheckPasswordSignInAsync(user, current ?? "", lockoutOnFailure: true);
        if (!check.Succeeded)
        {
            await audit.WriteAsync(AuditActions.PasswordChanged, user.UserName, AuditOutcome.Denied, check.IsLockedOut ? "locked out" : "wrong current password");
            return check.IsLockedOut ? AccountResult.LockedOut : AccountResult.PasswordWrong;
        }

        var result = await users.ChangePasswordAsync(user, current!, next);
        if (!result.Succeeded)
        {
            return AccountResult.PasswordRejected;
        }

        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        await audit.WriteAsync(AuditActions.PasswordChanged, user.UserName);
        await RenewAsync(context, user);
        return AccountResult.PasswordChanged;
    }

    public async Task<string> EnableTwoFactorAsync(HttpContext context, string? code)
    {
        var user = await users.GetUserAsync(context.User) ?? throw new InvalidOperationException("Signed in without a user");
        if (user.TwoFactorEnabled)
        {
            return AccountResult.TwoFactorEnabled;
        }

        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Normalize(code)))
        {
            return AccountResult.TwoFactorCodeWrong;
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        await audit.WriteAsync(AuditActions.TwoFactorEnabled, user.UserName);
        handoff.Put(user.Id, await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? []);
        await RenewAsync(context, user);
        return AccountResult.TwoFactorEnabled;
    }

    /// <summary>Turns two-factor authentication off; needs the password or a current authenticator code (a stolen session alone cannot).</summary>
    public async Task<string> DisableTwoFactorAsync(HttpContext context, string? password, string? code)
    {
        var user = await users.GetUserAsync(context.User) ?? throw new InvalidOperationException("Signed in without a user");
        if (!user.TwoFactorEnabled)
        {
            return AccountResult.TwoFactorDisabled;
        }

        if (await IsTwoFactorRequiredAsync(user))
        {
            return AccountResult.TwoFactorRequired;
        }

        var proven = !string.IsNullOrEmpty(code)
            ? await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Normalize(code))
            : !string.IsNullOrEmpty(password) && (await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true)).Succeeded;
        if (!proven)
        {
            await audit.WriteAsync(AuditActions.TwoFactorDisabled, user.UserName, AuditOutcome.Denied, "password or code did not match");
            return AccountResult.TwoFactorProofWrong;
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await audit.WriteAsync(AuditActions.TwoFactorDisabled, user.UserName);
        await RenewAsync(context, user);
        return AccountResult.TwoFactorDisabled;
    }

    public async Task<string> SignOutOthersAsync(HttpContext context)
    {
        var user = await users.GetUserAsync(context.User) ?? throw new InvalidOperationException("Signed in without a user");
        await users.UpdateSecurityStampAsync(user);
        await audit.WriteAsync(AuditActions.SessionsSignedOut, user.UserName);
        await RenewAsync(context, user);
        return AccountResult.SignedOutOthers;
    }

    public async Task<bool> IsTwoFactorRequiredAsync(ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var roles = await users.GetRolesAsync(user);
        return user.RequireTwoFactor || roles.Any(r => security.CurrentValue.RequireTwoFactorForRoles.Contains(r, StringComparer.OrdinalIgnoreCase));
    }

    private async Task RenewAsync(HttpContext context, ApplicationUser user)
    {
        // The stamp change already ended the user's other live channels (KvmUserManager revokes all but this request); revoking again
        // after this response would race the browser's next request (the redirect's page and circuit carry the renewed cookie).
        await signIn.RefreshSignInAsync(user);
    }

    private static string Normalize(string? code) =>
        (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
}
