using System.Text;
using Fido2NetLib;
using Fido2NetLib.Objects;
using KvmPortal.Audit;
using KvmPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KvmPortal.SignIn.Passkeys;

/// <summary>
/// WebAuthn ceremonies with the Fido2 library: registering passkeys (resident key, user verification required, no attestation) for a
/// local account, username-less sign-in (the authenticator names the account through its user handle), listing and removing.
/// The relying party is this site as the browser reached it, unless <see cref="PasskeyOptions"/> name it.
/// </summary>
public sealed partial class PasskeyService(KvmDbContext db, UserManager<ApplicationUser> users, PasskeyChallenges challenges,
    IOptionsMonitor<SignInOptions> configured, TimeProvider time, IAuditLog audit, ILogger<PasskeyService> logger)
{
    public const int MaxPerUser = 20;

    public Task<List<PasskeyCredential>> ListAsync(string userId, CancellationToken cancellationToken) =>
        db.Set<PasskeyCredential>().AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.Id).ToListAsync(cancellationToken);

    /// <summary>Starts registering a passkey for <paramref name="user"/>; returns the ceremony id and the options for the browser.</summary>
    public async Task<(string Ceremony, string OptionsJson)> BeginRegistrationAsync(HttpRequest request, ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var existing = await ListAsync(user.Id, cancellationToken);
        var options = Create(request).RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = UserHandle(user), Name = user.UserName!, DisplayName = user.UserName! },
            ExcludeCredentials = [.. existing.Select(c => new PublicKeyCredentialDescriptor(c.CredentialId))],
            AuthenticatorSelection = new AuthenticatorSelection { ResidentKey = ResidentKeyRequirement.Required, UserVerification = UserVerificationRequirement.Required },
            AttestationPreference = AttestationConveyancePreference.None,
        });
        var json = options.ToJson();
        return (challenges.Add(json, user.Id), json);
    }

    /// <summary>Finishes a registration; returns null on success or the reason it was refused (nothing stored then).</summary>
    public async Task<string?> FinishRegistrationAsync(HttpRequest request, ApplicationUser user, string? ceremony, string name, AuthenticatorAttestationRawResponse response,
        string? clientAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var pending = challenges.Take(ceremony);
        if (pending is null || pending.Value.UserId != user.Id)
        {
            return "The passkey request expired. Try again.";
        }

        name = name.Trim();
        if (name.Length is 0 or > 64 || name.Any(char.IsControl))
        {
            return "Give the passkey a name of 1 to 64 characters.";
        }

        if (await db.Set<PasskeyCredential>().CountAsync(c => c.UserId == user.Id, cancellationToken) >= MaxPerUser)
        {
            return $"At most {MaxPerUser} passkeys per account.";
        }

        RegisteredPublicKeyCredential credential;
        try
        {
            credential = await Create(request).MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = response,
                OriginalOptions = CredentialCreateOptions.FromJson(pending.Value.OptionsJson),
                IsCredentialIdUniqueToUserCallback = async (p, ct) => !await db.Set<PasskeyCredential>().AnyAsync(c => c.CredentialId == p.CredentialId, ct),
            }, cancellationToken);
        }
        catch (Fido2VerificationException e)
        {
            LogCeremonyFailed(logger, "registration", e.Message);
            return "The authenticator's answer was not accepted.";
        }

        db.Set<PasskeyCredential>().Add(new PasskeyCredential
        {
            UserId = user.Id,
            CredentialId = credential.Id,
            PublicKey = credential.PublicKey,
            UserHandle = credential.User.Id,
            SignCount = credential.SignCount,
            Name = name,
            AaGuid = credential.AaGuid,
            CreatedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        audit.Write(PasskeyAuditActions.Added, user.UserName, clientAddress, name);
        return null;
    }

    /// <summary>Starts a username-less sign-in.</summary>
    public (string Ceremony, string OptionsJson) BeginSignIn(HttpRequest request)
    {
        var options = Create(request).GetAssertionOptions(new GetAssertionOptionsParams { AllowedCredentials = [], UserVerification = UserVerificationRequirement.Required });
        var json = options.ToJson();
        return (challenges.Add(json, null), json);
    }

    /// <summary>Verifies a sign-in assertion; returns the account it proves, or null (the caller audits and refuses).</summary>
    public async Task<(ApplicationUser? User, string? Failure)> FinishSignInAsync(HttpRequest request, string? ceremony, AuthenticatorAssertionRawResponse response,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var pending = challenges.Take(ceremony);
        if (pending is null)
        {
            return (null, "expired ceremony");
        }

        var stored = await db.Set<PasskeyCredential>().FirstOrDefaultAsync(c => c.CredentialId == response.RawId, cancellationToken);
        if (stored is null)
        {
            return (null, "unknown passkey");
        }

        try
        {
            var result = await Create(request).MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = response,
                OriginalOptions = AssertionOptions.FromJson(pending.Value.OptionsJson),
                StoredPublicKey = stored.PublicKey,
                StoredSignatureCounter = (uint)stored.SignCount,
                IsUserHandleOwnerOfCredentialIdCallback = (p, _) => Task.FromResult(p.UserHandle.AsSpan().SequenceEqual(stored.UserHandle)),
            }, cancellationToken);
            stored.SignCount = result.SignCount;
        }
        catch (Fido2VerificationException e)
        {
            LogCeremonyFailed(logger, "sign-in", e.Message);
            return (await users.FindByIdAsync(stored.UserId), $"assertion refused: {e.Message}");
        }

        stored.LastUsedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return (await users.FindByIdAsync(stored.UserId), null);
    }

    public async Task<bool> RemoveAsync(ApplicationUser user, int id, string? clientAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var row = await db.Set<PasskeyCredential>().FirstOrDefaultAsync(c => c.Id == id && c.UserId == user.Id, cancellationToken);
        if (row is null)
        {
            return false;
        }

        db.Remove(row);
        await db.SaveChangesAsync(cancellationToken);
        audit.Write(PasskeyAuditActions.Removed, user.UserName, clientAddress, row.Name);
        return true;
    }

    private static byte[] UserHandle(ApplicationUser user) => Encoding.UTF8.GetBytes(user.Id);

    private Fido2 Create(HttpRequest request)
    {
        var options = configured.CurrentValue.Passkeys;
        var origin = $"{request.Scheme}://{request.Host}";
        return new Fido2(new Fido2Configuration
        {
            RPID = options.RelyingPartyId.Length > 0 ? options.RelyingPartyId : request.Host.Host,
            RPName = options.ServerName,
            Origins = new HashSet<string>(options.Origins.Length > 0 ? options.Origins.Select(o => o.TrimEnd('/')) : [origin], StringComparer.Ordinal),
            TimestampDriftTolerance = 300_000,
        }, null!);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Passkey {Ceremony} refused: {Reason}")]
    private static partial void LogCeremonyFailed(ILogger logger, string ceremony, string reason);
}
