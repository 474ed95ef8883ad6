namespace KvmPortal.Auth;

/// <summary>A signed-in client seen recently: user, address, browser, first and last request.</summary>
public sealed record ActiveSession(string UserName, string ClientAddress, string UserAgent, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);
