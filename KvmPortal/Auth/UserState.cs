namespace KvmPortal.Auth;

/// <summary>What the per-request check needs to know about a user.</summary>
public sealed record UserState(string? SecurityStamp, bool Disabled);
