namespace KvmPortal.Ipmi;

/// <summary>What RAKP needs to know about a KvmPortal user: the canonical name, the privilege limit from the role, the IPMI key (K_UID) and the security stamp.</summary>
public sealed record IpmiUser(string UserName, IpmiPrivilege Privilege, byte[] Key, string? SecurityStamp);
