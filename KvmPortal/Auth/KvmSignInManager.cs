using KvmPortal.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KvmPortal.Auth;

/// <summary>Identity's sign-in manager, refusing accounts an admin disabled.</summary>
public sealed class KvmSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    /// <summary>Signs in a user whose password <see cref="LoginService"/> verified: the cookie, or the pending second-factor step.</summary>
    public async Task<SignInResult> SignInAfterPasswordAsync(ApplicationUser user) =>
        await PreSignInCheck(user) ?? await SignInOrTwoFactorAsync(user, isPersistent: false); // the passkey-as-second-factor rule too

    public override async Task<bool> CanSignInAsync(ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return !user.Disabled && await base.CanSignInAsync(user);
    }

    /// <summary>
    /// Signs in an account whose password another system verified (the directory): like a password sign-in from here on, so an account
    /// with an authenticator app still goes through the second-factor page. <paramref name="method"/> becomes the session's "amr".
    /// </summary>
    public Task<SignInResult> SignInVerifiedAsync(ApplicationUser user, string method) => SignInOrTwoFactorAsync(user, isPersistent: false, loginProvider: method);

    /// <summary>Refuses a password sign-in (form and API) for an account whose required second factor is a passkey.</summary>
    protected override async Task<SignInResult?> PreSignInCheck(ApplicationUser user)
    {
        var result = await base.PreSignInCheck(user);
        if (result is not null || Context.RequestServices.GetService<ISecondFactors>() is not { } factors || !await factors.PasswordRefusedAsync(user))
        {
            return result;
        }

        Context.Items[ISecondFactors.PasskeyRequiredItem] = true;
        return SignInResult.NotAllowed;
    }
}
