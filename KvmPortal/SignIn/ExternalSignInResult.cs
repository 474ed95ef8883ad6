using KvmPortal.Data;

namespace KvmPortal.SignIn;

/// <summary>The account to sign in, or why not.</summary>
public sealed record ExternalSignInResult(ApplicationUser? User, ExternalRefusal Refusal)
{
    public bool Succeeded => User is not null && Refusal == ExternalRefusal.None;

    public static ExternalSignInResult Refused(ExternalRefusal refusal) => new(null, refusal);
}
