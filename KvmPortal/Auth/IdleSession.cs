namespace KvmPortal.Auth;

/// <summary>A browser session as <see cref="IdleSessions"/> knows it: its cookie session id, its user and when a person last used it.</summary>
public sealed record IdleSession(string SessionId, string UserId, string UserName, DateTimeOffset LastActive);
