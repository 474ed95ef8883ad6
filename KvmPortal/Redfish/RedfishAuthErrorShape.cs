namespace KvmPortal.Redfish;

/// <summary>Refusals under <c>/redfish</c> in Redfish's error shape: 401 as <c>NoValidSession</c>, 403 as <c>InsufficientPrivilege</c>.</summary>
public sealed class RedfishAuthErrorShape : Auth.IAuthErrorShape
{
    public bool Handles(PathString path) => path.StartsWithSegments("/redfish");

    public object Body(int statusCode, string message) =>
        RedfishErrors.Body(statusCode == StatusCodes.Status401Unauthorized ? "Base.1.8.NoValidSession" : "Base.1.8.InsufficientPrivilege", message);
}
