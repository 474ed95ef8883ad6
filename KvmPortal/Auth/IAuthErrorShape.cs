namespace KvmPortal.Auth;

/// <summary>
/// An API under its own path whose clients expect refusals in that API's JSON error shape (Redfish, under <c>/redfish</c>): the API
/// authentication handler writes its 401 and 403 bodies through it instead of PiKVM's envelope.
/// </summary>
public interface IAuthErrorShape
{
    /// <summary>Whether requests to <paramref name="path"/> belong to this API.</summary>
    bool Handles(PathString path);

    /// <summary>The body for a refusal with <paramref name="statusCode"/> (401: no valid credentials; 403: not allowed).</summary>
    object Body(int statusCode, string message);
}
