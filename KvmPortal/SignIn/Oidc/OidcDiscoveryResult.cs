namespace KvmPortal.SignIn.Oidc;

/// <summary>The outcome of an issuer check: whether the discovery document was read, and what to tell the admin.</summary>
public sealed record OidcDiscoveryResult(bool Succeeded, string Message)
{
    public static OidcDiscoveryResult Fail(string message) => new(false, message);
}
