namespace KvmPortal.Ipmi;

/// <summary>
/// A Serial-over-LAN payload (IPMI 2.0 spec 15.9): packet sequence number (1-15; 0 = a bare acknowledgement), the acknowledged
/// sequence number, the accepted character count, an operation/status byte, then the characters.
/// </summary>
public sealed record SolPacket(byte Sequence, byte AckedSequence, byte AcceptedCount, byte Status, byte[] Data)
{
    public const int HeaderLength = 4;

    // Remote console to BMC (operation byte).
    public const byte ConsoleNack = 0x40;
    public const byte ConsoleBreak = 0x10;

    // BMC to remote console (status byte).
    public const byte BmcNack = 0x40;
    public const byte BmcTransferUnavailable = 0x20;
    public const byte BmcDeactivating = 0x10;
    public const byte BmcOverrun = 0x08;

    /// <summary>Parses a decrypted SOL payload; null when it is shorter than the header.</summary>
    public static SolPacket? Parse(ReadOnlySpan<byte> payload) =>
        payload.Length < HeaderLength ? null
            : new SolPacket((byte)(payload[0] & 0x0F), (byte)(payload[1] & 0x0F), payload[2], payload[3], payload[HeaderLength..].ToArray());

    /// <summary>An acknowledgement of <paramref name="sequence"/> carrying no characters.</summary>
    public static SolPacket Ack(byte sequence, byte accepted, byte status) => new(0, sequence, accepted, status, []);

    public byte[] ToBytes() => [Sequence, AckedSequence, AcceptedCount, Status, .. Data];
}
