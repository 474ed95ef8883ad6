using KvmPortal.Data;
using Microsoft.AspNetCore.Identity;

namespace KvmPortal.Auth;

/// <summary>Verifies a user name and password for the API with Identity's lockout; a user with 2FA appends the 6-digit TOTP code (PiKVM's convention).</summary>
public static class ApiPasswordCheck
{
    /// <summary>Returns the user when the credentials are right and the account may sign in; null otherwise (failures count towards lockout).</summary>
    public static async Task<ApplicationUser?> VerifyAsync(SignInManager<ApplicationUser> signIn, string name, string password)
    {
        ArgumentNullException.ThrowIfNull(signIn);
        if (string.IsNullOrEmpty(name) || name.Length > 256 || string.IsNullOrEmpty(password) || password.Length > 1024)
        {
            return null;
        }

        var user = await signIn.UserManager.FindByNameAsync(name);
        if (user is null)
        {
            return null;
        }

        string? totp = null;
        if (user.TwoFactorEnabled)
        {
            if (password.Length < 7)
            {
                return null;
            }

            totp = password[^6..];
            password = password[..^6];
        }

        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            return null;
        }

        if (totp is not null && !await signIn.UserManager.VerifyTwoFactorTokenAsync(user, signIn.Options.Tokens.AuthenticatorTokenProvider, totp))
        {
            await signIn.UserManager.AccessFailedAsync(user);
            return null;
        }

        return user;
    }
}
