namespace KvmPortal.Ipmi;

/// <summary>A session being removed from the table, and why (closed, timeout, revoked, ...).</summary>
public sealed record IpmiSessionEnd(IpmiSession Session, string Reason);
