namespace KvmPortal.Auth;

/// <summary>
/// Sessions an API opens and its clients then send as a token header (Redfish's <c>X-Auth-Token</c>): the API authentication handler
/// accepts them and logout ends them, without Auth knowing that API. Implemented by Redfish's <c>RedfishSessionStore</c>.
/// </summary>
public interface ITokenSessions
{
    /// <summary>Finds the live session for <paramref name="token"/> and marks it used; null when there is none.</summary>
    TokenSession? FindByToken(string token);

    /// <summary>Ends the session <paramref name="id"/> and closes its live channels except <paramref name="caller"/>'s request.</summary>
    bool Remove(string id, HttpContext? caller = null);
}
