namespace KvmPortal.Account;

/// <summary>One of the user's own live sessions: a browser, an API WebSocket or a Redfish session.</summary>
public sealed record OwnSession(string Kind, string Client, string Detail, DateTimeOffset Since, DateTimeOffset? LastSeen);
