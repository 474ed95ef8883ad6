namespace KvmPortal.Ipmi;

/// <summary>The IPMI 2.0 session header of one datagram (offsets into that datagram).</summary>
public readonly record struct RmcpPlusHeader(byte PayloadType, bool Encrypted, bool Authenticated, uint SessionId, uint Sequence, int PayloadOffset, int PayloadLength);
