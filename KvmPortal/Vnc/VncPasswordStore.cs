using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using KvmPortal.Auth;
using KvmPortal.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KvmPortal.Vnc;

/// <summary>
/// The per-user password for classic VNC Authentication, separate from the account password (the DES challenge needs the plain
/// password on the server, so it cannot be a hash). Kept in Identity's user-token store (AspNetUserTokens, provider
/// <see cref="Provider"/>) encrypted with ASP.NET Data Protection, never in claims or logs.
/// </summary>
public sealed class VncPasswordStore(IServiceScopeFactory scopes, IDataProtectionProvider protection)
{
    public const string Provider = "KvmPortal.Vnc";
    public const string TokenName = "password";
    public const int MinPasswordLength = 6;
    public const int MaxPasswordLength = 8;

    private const string Purpose = "KvmPortal.Vnc.Password.v1";

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);
    private readonly ProtectedUserSecret _secret = new(scopes, protection.CreateProtector(Purpose), Provider, TokenName);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _changed = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Null when the password is acceptable, else the reason (6-8 printable ASCII characters: VNC Authentication uses 8 bytes).</summary>
    public static string? CheckPassword(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length is < MinPasswordLength or > MaxPasswordLength)
        {
            return $"The VNC password must be {MinPasswordLength} to {MaxPasswordLength} characters long (VNC Authentication ignores the rest).";
        }

        if (!password.All(c => c is >= ' ' and <= '~'))
        {
            return "The VNC password must be printable ASCII.";
        }

        return VncDes.Response(Encoding.ASCII.GetBytes(password), new byte[VncDes.ChallengeLength]) is null
            ? "This VNC password makes a weak DES key; choose another."
            : null;
    }

    /// <summary>
    /// Sets (or with null clears) the VNC password. Returns false when the user does not exist. A change ends the user's sessions that
    /// were opened with the old VNC password (<see cref="ChangedToken"/>).
    /// </summary>
    public async Task<bool> SetPasswordAsync(string userName, string? password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userName);
        if (!await _secret.SetAsync(userName, password, cancellationToken))
        {
            return false;
        }

        if (_changed.TryRemove(userName, out var source))
        {
            source.Cancel();
            source.Dispose();
        }

        return true;
    }

    /// <summary>Gets a token cancelled when the user's VNC password is next changed or cleared (held by classic-auth sessions).</summary>
    public CancellationToken ChangedToken(string userName) => _changed.GetOrAdd(userName, _ => new CancellationTokenSource()).Token;

    /// <summary>Tells whether the user has a VNC password (the password itself is never returned).</summary>
    public Task<bool> HasPasswordAsync(string userName, CancellationToken cancellationToken) => _secret.ExistsAsync(userName, cancellationToken);

    /// <summary>
    /// VNC Authentication carries no user name: returns the ids of the users whose VNC password answers <paramref name="challenge"/>
    /// with <paramref name="response"/> (compared in constant time).
    /// </summary>
    public async Task<IReadOnlyList<string>> MatchAsync(byte[] challenge, byte[] response, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KvmDbContext>();
        var rows = await db.UserTokens.AsNoTracking()
            .Where(t => t.LoginProvider == Provider && t.Name == TokenName)
            .Select(t => new { t.UserId, t.Value })
            .ToListAsync(cancellationToken);
        var matches = new List<string>();
        foreach (var row in rows.Where(r => !string.IsNullOrEmpty(r.Value)))
        {
            byte[] plain;
            try
            {
                plain = _protector.Unprotect(Convert.FromBase64String(row.Value!));
            }
            catch (Exception ex) when (ex is CryptographicException or FormatException)
            {
                continue; // data-protection keys changed: that user must set it again
            }

            var expected = VncDes.Response(plain, challenge);
            Array.Clear(plain);
            if (expected is not null && CryptographicOperations.FixedTimeEquals(expected, response))
            {
                matches.Add(row.UserId);
            }
        }

        return matches;
    }
}
