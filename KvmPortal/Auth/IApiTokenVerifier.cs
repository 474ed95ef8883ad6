using KvmPortal.Data;

namespace KvmPortal.Auth;

/// <summary>Verifies personal API tokens for the API authentication handler (implemented by Account's <c>ApiTokenService</c>).</summary>
public interface IApiTokenVerifier
{
    /// <summary>Finds the live token for <paramref name="text"/>: right secret, not revoked, not expired. Null otherwise.</summary>
    Task<ApiToken?> VerifyAsync(string text, CancellationToken cancellationToken);
}
