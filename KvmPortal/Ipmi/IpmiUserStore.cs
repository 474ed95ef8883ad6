using System.Security.Cryptography;
using System.Text;
using KvmPortal.Auth;
using KvmPortal.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace KvmPortal.Ipmi;

/// <summary>
/// The per-user IPMI password. RAKP needs the plain key on the BMC, so it cannot be a hash: it is kept in Identity's user-token
/// store (AspNetUserTokens, provider <see cref="Provider"/>) encrypted with ASP.NET Data Protection, and never in the principal's
/// claims (a claim would travel in the cookie). No password: IPMI is off for that user.
/// </summary>
public sealed class IpmiUserStore(IServiceScopeFactory scopes, IDataProtectionProvider protection)
{
    public const string Provider = "KvmPortal.Ipmi";
    public const string TokenName = "password";
    public const int MaxPasswordLength = 20;
    public const int MinPasswordLength = 8;
    public const int MaxUserNameLength = 16;

    private const string Purpose = "KvmPortal.Ipmi.Password.v1";

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);
    private readonly ProtectedUserSecret _secret = new(scopes, protection.CreateProtector(Purpose), Provider, TokenName);

    /// <summary>Null when the password is acceptable, else the reason (8-20 printable ASCII characters: IPMI 2.0 keys are 20 bytes).</summary>
    public static string? CheckPassword(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length is < MinPasswordLength or > MaxPasswordLength)
        {
            return $"The IPMI password must be {MinPasswordLength} to {MaxPasswordLength} characters long.";
        }

        return password.All(c => c is >= ' ' and <= '~') ? null : "The IPMI password must be printable ASCII.";
    }

    /// <summary>Finds an enabled user with an IPMI password; null with the reason otherwise.</summary>
    public async Task<(IpmiUser? User, string Reason)> FindAsync(string userName, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return (null, "unknown user");
        }

        if (user.Disabled)
        {
            return (null, "user disabled");
        }

        var stored = await users.GetAuthenticationTokenAsync(user, Provider, TokenName);
        if (string.IsNullOrEmpty(stored))
        {
            return (null, "no IPMI password set");
        }

        byte[] plain;
        try
        {
            plain = _protector.Unprotect(Convert.FromBase64String(stored));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return (null, "IPMI password unreadable (data-protection keys changed); set it again");
        }

        var key = new byte[MaxPasswordLength];
        plain.AsSpan(0, Math.Min(plain.Length, key.Length)).CopyTo(key);
        Array.Clear(plain);
        var roles = await users.GetRolesAsync(user);
        var privilege = roles.Contains(Roles.Admin) ? IpmiPrivilege.Administrator
            : roles.Contains(Roles.Operator) ? IpmiPrivilege.Operator
            : roles.Contains(Roles.Viewer) ? IpmiPrivilege.User
            : IpmiPrivilege.None;
        if (privilege == IpmiPrivilege.None)
        {
            Array.Clear(key);
            return (null, "user has no role");
        }

        return (new IpmiUser(user.UserName ?? userName, privilege, key, user.SecurityStamp), "");
    }

    /// <summary>Sets (or with null clears) the IPMI password. Returns false when the user does not exist.</summary>
    public Task<bool> SetPasswordAsync(string userName, string? password, CancellationToken cancellationToken) =>
        _secret.SetAsync(userName, password, cancellationToken);

    /// <summary>Tells whether the user has a IPMI password (the password itself is never returned).</summary>
    public Task<bool> HasPasswordAsync(string userName, CancellationToken cancellationToken) => _secret.ExistsAsync(userName, cancellationToken);
}
