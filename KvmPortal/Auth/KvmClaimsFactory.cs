using System.Security.Claims;
using KvmPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KvmPortal.Auth;

/// <summary>
/// Turns a user's roles into permission claims and adds the "required action" claims (password change, 2FA enrolment) that
/// <see cref="RequiredActionMiddleware"/> enforces. Runs at sign-in and at every security-stamp revalidation.
/// </summary>
public sealed class KvmClaimsFactory(
    UserManager<ApplicationUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> identityOptions,
    IOptionsMonitor<SecurityOptions> security,
    ISecondFactors secondFactors)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(userManager, roleManager, identityOptions)
{
    public const string MustChangePasswordClaim = "kvm:must_change_password";
    public const string MustEnrolTwoFactorClaim = "kvm:must_enrol_2fa";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);

        // A fresh id per sign-in names this cookie session (logout ends it server-side); revalidation keeps the old one (see AddKvmIdentity).
        identity.AddClaim(new Claim(CredentialKeys.SessionClaim, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))));
        if (user.Disabled)
        {
            return identity;
        }

        var roles = await UserManager.GetRolesAsync(user);
        foreach (var permission in roles.SelectMany(Roles.PermissionsOf).Distinct(StringComparer.Ordinal))
        {
            identity.AddClaim(new Claim(Permissions.ClaimType, permission));
        }

        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(MustChangePasswordClaim, "true"));
        }

        var requiring = security.CurrentValue.RequireTwoFactorForRoles;
        if (!user.TwoFactorEnabled && (user.RequireTwoFactor || roles.Any(r => requiring.Contains(r, StringComparer.OrdinalIgnoreCase))) &&
            !await secondFactors.SatisfiedWithoutAuthenticatorAppAsync(user))
        {
            identity.AddClaim(new Claim(MustEnrolTwoFactorClaim, "true"));
        }

        return identity;
    }
}
