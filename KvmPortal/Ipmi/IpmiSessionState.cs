namespace KvmPortal.Ipmi;

/// <summary>Where a session is in its set-up.</summary>
public enum IpmiSessionState
{
    /// <summary>Open Session answered; waiting for RAKP 1.</summary>
    Opened,

    /// <summary>RAKP 2 sent; waiting for RAKP 3.</summary>
    Rakp2Sent,

    /// <summary>RAKP 4 sent: commands are accepted.</summary>
    Active,

    Closed,
}
