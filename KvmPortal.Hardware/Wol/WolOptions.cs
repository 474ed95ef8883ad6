namespace KvmPortal.Hardware.Wol;

/// <summary>Wake-on-LAN settings (configuration section <c>KvmPortal:Wol</c>).</summary>
public sealed class WolOptions
{
    /// <summary>Gets or sets the backend.</summary>
    public WolBackend Backend { get; set; } = WolBackend.Simulated;

    /// <summary>Gets or sets the target's MAC address (aa:bb:cc:dd:ee:ff, aa-bb-…, aabb.ccdd.eeff or aabbccddeeff). Required for Udp.</summary>
    public string Mac { get; set; } = string.Empty;

    /// <summary>Gets or sets where the packet goes: the IPv4 broadcast address (default), a subnet broadcast, or a unicast address.</summary>
    public string Address { get; set; } = "255.255.255.255";

    /// <summary>Gets or sets the UDP port (9 "discard" by default; 7 is also common).</summary>
    public int Port { get; set; } = 9;
}
