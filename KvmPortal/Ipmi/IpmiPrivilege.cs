namespace KvmPortal.Ipmi;

/// <summary>IPMI privilege levels (the low nibble of a role byte).</summary>
public enum IpmiPrivilege : byte
{
    None = 0,
    Callback = 1,
    User = 2,
    Operator = 3,
    Administrator = 4,
}
