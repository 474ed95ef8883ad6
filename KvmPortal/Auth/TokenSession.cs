namespace KvmPortal.Auth;

/// <summary>A live session found by its token (see <see cref="ITokenSessions"/>).</summary>
/// <param name="Id">The session's id (not its secret token), as <see cref="CredentialKeys.Redfish"/> names it.</param>
/// <param name="UserId">The user the session belongs to.</param>
public sealed record TokenSession(string Id, string UserId);
