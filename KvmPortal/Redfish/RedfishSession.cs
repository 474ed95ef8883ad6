namespace KvmPortal.Redfish;

/// <summary>One Redfish login session.</summary>
public sealed record RedfishSession(string Id, string Token, string UserId, string UserName, string? ClientAddress, DateTimeOffset Created)
{
    public DateTimeOffset LastUsed { get; set; }
}
