using System.Security.Cryptography;
using System.Text;
using KvmPortal.Api;
using KvmPortal.Auth;
using KvmPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace KvmPortal.Account;

/// <summary>Creates, lists, revokes and verifies personal API tokens (<c>kvmp_&lt;id&gt;_&lt;secret&gt;</c>).</summary>
public sealed class ApiTokenService(IServiceScopeFactory scopes, TimeProvider time, Audit.IAuditLog audit) : IApiTokenVerifier
{
    public const string Prefix = "kvmp_";

    /// <summary>Creates a token for <paramref name="userId"/>; returns the stored row and the token text (shown once).</summary>
    public async Task<(ApiToken Token, string Secret)> CreateAsync(
        string userId, string name, IReadOnlyCollection<string> permissions, DateTimeOffset? expires, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = RandomNumberGenerator.GetBytes(32);
        var row = new ApiToken
        {
            Id = id,
            UserId = userId,
            Name = name,
            SecretHash = SHA256.HashData(secret),
            Permissions = string.Join(',', permissions),
            CreatedTicks = time.GetUtcNow().UtcTicks,
            ExpiresTicks = expires?.UtcTicks,
        };
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KvmDbContext>();
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return (row, Prefix + id + "_" + Base64Url(secret));
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KvmDbContext>();
        return await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderBy(t => t.CreatedTicks).ToListAsync(cancellationToken);
    }

    /// <summary>Revokes one of <paramref name="userId"/>'s tokens (any user's when <paramref name="userId"/> is null). False when not found.</summary>
    public async Task<bool> RevokeAsync(string? userId, string id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KvmDbContext>();
        var row = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id && (userId == null || t.UserId == userId), cancellationToken);
        if (row is null)
        {
            return false;
        }

        row.Revoked = true;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Finds the live token for <paramref name="text"/>: right secret, not revoked, not expired. Null otherwise.</summary>
    public async Task<ApiToken?> VerifyAsync(string text, CancellationToken cancellationToken)
    {
        if (!TryParse(text, out var id, out var secret))
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KvmDbContext>();
        var row = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        var now = time.GetUtcNow().UtcTicks;
        if (row is null || row.Revoked || row.ExpiresTicks <= now ||
            !CryptographicOperations.FixedTimeEquals(row.SecretHash, SHA256.HashData(secret)))
        {
            return null;
        }

        if (row.LastUsedTicks is null || now - row.LastUsedTicks > TimeSpan.TicksPerMinute)
        {
            // Token use is audited (at most once a minute per token, like the last-used time).
            row.LastUsedTicks = now;
            await db.SaveChangesAsync(cancellationToken);
            var owner = await db.Users.Where(u => u.Id == row.UserId).Select(u => u.UserName).FirstOrDefaultAsync(cancellationToken);
            audit.Write(Audit.AuditActions.ApiTokenUsed, owner, null, $"token {row.Id}");
        }

        return row;
    }

    /// <summary>Parses and validates a requested permission list (comma-separated names from <see cref="Auth.Permissions.All"/>).</summary>
    public static IReadOnlyList<string> ParsePermissions(string? text)
    {
        var list = new List<string>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var known = Permissions.All.FirstOrDefault(p => string.Equals(p, part, StringComparison.OrdinalIgnoreCase))
                ?? throw new ApiValidationException($"Unknown permission '{part}'; known: {string.Join(", ", Permissions.All)}");
            if (!list.Contains(known))
            {
                list.Add(known);
            }
        }

        return list.Count > 0 ? list : throw new ApiValidationException("At least one permission is required");
    }

    private static bool TryParse(string text, out string id, out byte[] secret)
    {
        id = "";
        secret = [];
        if (!text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length > 128)
        {
            return false;
        }

        var rest = text[Prefix.Length..];
        var split = rest.IndexOf('_', StringComparison.Ordinal);
        if (split != 16)
        {
            return false;
        }

        id = rest[..split];
        try
        {
            secret = Convert.FromBase64String(FromBase64Url(rest[(split + 1)..]));
        }
        catch (FormatException)
        {
            return false;
        }

        return secret.Length == 32 && id.All(char.IsAsciiHexDigitLower);
    }

    private static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string FromBase64Url(string text)
    {
        var s = new StringBuilder(text.Replace('-', '+').Replace('_', '/'));
        while (s.Length % 4 != 0)
        {
            s.Append('=');
        }

        return s.ToString();
    }
}
