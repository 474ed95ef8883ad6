using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace KvmPortal.Tests.Ipmi;

/// <summary>
/// A small IPMI 2.0 console written for the tests from the specification (independent of the server's code): Open Session, RAKP 1-4,
/// then encrypted and authenticated commands. It can also hand out raw packets, so tests can replay, truncate and corrupt them.
/// </summary>
#pragma warning disable CA5350 // Cipher suite 3 is HMAC-SHA1 by definition.
public sealed class RmcpPlusClient : IDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly IPEndPoint _server;
    private readonly bool _sha256;
    private byte[] _k1 = [];
    private byte[] _k2 = [];
    private uint _consoleId;
    private byte _rqSeq;

    public RmcpPlusClient(int port, int cipherSuite = 3)
    {
        _server = new IPEndPoint(IPAddress.Loopback, port);
        _sha256 = cipherSuite == 17;
    }

    public uint SessionId { get; private set; }

    public uint Sequence { get; set; }

    public byte[] BmcRandom { get; private set; } = [];

    /// <summary>Gets or sets a value indicating whether the IPMI request sequence stays the same (as a client's retransmission).</summary>
    public bool HoldRequestSequence { get; set; }

    /// <summary>Sets up a session; returns the RMCP+ status of the step that failed, or 0.</summary>
    public async Task<byte> OpenAsync(string user, string password, byte role = 0x14)
    {
        _consoleId = BinaryPrimitives.ReadUInt32LittleEndian(RandomNumberGenerator.GetBytes(4)) | 1;
        var open = new byte[32];
        open[1] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(open.AsSpan(4), _consoleId);
        open[8] = 0; open[11] = 8; open[12] = (byte)(_sha256 ? 3 : 1);
        open[16] = 1; open[19] = 8; open[20] = (byte)(_sha256 ? 4 : 1);
        open[24] = 2; open[27] = 8; open[28] = 1;
        var response = await ExchangeAsync(Packet(0x10, 0, 0, open)) ?? throw new TimeoutException("no Open Session Response");
        var p = Payload(response);
        if (p[1] != 0)
        {
            return p[1];
        }

        var bmcId = BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(8));
        var rm = RandomNumberGenerator.GetBytes(16);
        var name = Encoding.ASCII.GetBytes(user);
        var rakp1 = new byte[28 + name.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(rakp1.AsSpan(4), bmcId);
        rm.CopyTo(rakp1, 8);
        rakp1[24] = role;
        rakp1[27] = (byte)name.Length;
        name.CopyTo(rakp1, 28);
        p = Payload(await ExchangeAsync(Packet(0x12, 0, 0, rakp1)) ?? throw new TimeoutException("no RAKP 2"));
        if (p[1] != 0)
        {
            return p[1];
        }

        var rc = p[8..24];
        var guid = p[24..40];
        BmcRandom = rc;
        var key = new byte[20];
        Encoding.ASCII.GetBytes(password).CopyTo(key, 0);
        var rakp2Input = Concat(Le(_consoleId), Le(bmcId), rm, rc, guid, [role, (byte)name.Length], name);
        if (!CryptographicOperations.FixedTimeEquals(Hmac(key, rakp2Input), p.AsSpan(40)))
        {
            await ExchangeAsync(Packet(0x14, 0, 0, Concat([0, 0x0F, 0, 0], Le(bmcId))));
            return 0x0F;
        }

        var rakp3 = Concat([0, 0, 0, 0], Le(bmcId), Hmac(key, Concat(rc, Le(_consoleId), [role, (byte)name.Length], name)));
        p = Payload(await ExchangeAsync(Packet(0x14, 0, 0, rakp3)) ?? throw new TimeoutException("no RAKP 4"));
        if (p[1] != 0)
        {
            return p[1];
        }

        var sik = Hmac(key, Concat(rm, rc, [role, (byte)name.Length], name));
        var icv = Hmac(sik, Concat(rm, Le(bmcId), guid))[..(_sha256 ? 16 : 12)];
        if (!p.AsSpan(8).SequenceEqual(icv))
        {
            throw new InvalidOperationException("RAKP 4 integrity check value is wrong");
        }

        _k1 = Hmac(sik, Enumerable.Repeat((byte)1, 20).ToArray());
        _k2 = Hmac(sik, Enumerable.Repeat((byte)2, 20).ToArray())[..16];
        SessionId = bmcId;
        Sequence = 1;
        return 0;
    }

    /// <summary>A complete, valid command datagram with the next sequence number (not sent).</summary>
    public byte[] CommandPacket(byte netFn, byte command, params byte[] data)
    {
        _rqSeq = HoldRequestSequence ? _rqSeq : (byte)((_rqSeq + 1) & 0x3F);
        var header = new byte[] { 0x20, (byte)(netFn << 2), 0 };
        header[2] = Checksum(header.AsSpan(0, 2));
        var body = Concat([0x81, (byte)(_rqSeq << 2), command], data);
        var message = Concat(header, body, [Checksum(body)]);
        return Packet(0x00, SessionId, Sequence++, Encrypt(message), secured: true);
    }

    /// <summary>Sends a command; the completion code and data, or null when no answer came.</summary>
    public async Task<(byte Code, byte[] Data)?> CommandAsync(byte netFn, byte command, params byte[] data) =>
        await SendAsync(CommandPacket(netFn, command, data));

    /// <summary>Gets the decrypted Serial-over-LAN payloads <see cref="SendAsync"/> skipped while waiting for a command's answer.</summary>
    public List<byte[]> SkippedSol { get; } = [];

    /// <summary>Sends a raw datagram and decodes an encrypted answer (Serial-over-LAN packets meanwhile are skipped); null when none came within the timeout.</summary>
    public async Task<(byte Code, byte[] Data)?> SendAsync(byte[] packet, int timeoutMs = 2000)
    {
        var response = await ExchangeAsync(packet, timeoutMs);
        while (response is not null && response.Length > 5 && (response[5] & 0x3F) == 0x01)
        {
            SkippedSol.Add(Decrypt(Payload(response)));
            using var timeout = new CancellationTokenSource(timeoutMs);
            try
            {
                response = (await _udp.ReceiveAsync(timeout.Token)).Buffer;
            }
            catch (OperationCanceledException)
            {
                response = null;
            }
        }

        if (response is null)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt16LittleEndian(response.AsSpan(14));
        var authLength = _sha256 ? 16 : 12;
        var expected = Hmac(_k1, response.AsSpan(4, response.Length - 4 - authLength).ToArray())[..authLength];
        if (!response.AsSpan(response.Length - authLength).SequenceEqual(expected))
        {
            throw new InvalidOperationException("response authcode is wrong");
        }

        var message = Decrypt(response.AsSpan(16, length).ToArray());
        return (message[6], message[7..^1]);
    }

    /// <summary>A Serial-over-LAN packet of this session (payload type 1, encrypted and authenticated; not sent).</summary>
    public byte[] SolPacket(byte sequence, byte acked, byte accepted, byte operation, params byte[] data) =>
        Packet(0x01, SessionId, Sequence++, Encrypt(Concat([sequence, acked, accepted, operation], data)), secured: true);

    /// <summary>Waits for the next SOL packet from the BMC (other payloads are skipped); its decrypted payload, or null on timeout.</summary>
    public async Task<byte[]?> ReceiveSolAsync(int timeoutMs = 2000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        try
        {
            while (true)
            {
                var packet = (await _udp.ReceiveAsync(timeout.Token)).Buffer;
                if ((packet[5] & 0x3F) == 0x01)
                {
                    return Decrypt(Payload(packet));
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Sends a SOL packet and waits for the BMC's acknowledgement (a SOL packet with sequence 0; data packets meanwhile are skipped).</summary>
    public async Task<byte[]?> ExchangeSolAsync(byte[] packet, int timeoutMs = 2000)
    {
        await _udp.SendAsync(packet, _server);
        var deadline = Environment.TickCount64 + timeoutMs;
        while (Environment.TickCount64 < deadline)
        {
            var answer = await ReceiveSolAsync((int)Math.Max(1, deadline - Environment.TickCount64));
            if (answer is null || answer[0] == 0)
            {
                return answer;
            }
        }

        return null;
    }

    public async Task SendOnlyAsync(byte[] datagram) => await _udp.SendAsync(datagram, _server);

    /// <summary>Sends and waits for one datagram back.</summary>
    public async Task<byte[]?> ExchangeAsync(byte[] datagram, int timeoutMs = 2000)
    {
        await _udp.SendAsync(datagram, _server);
        using var timeout = new CancellationTokenSource(timeoutMs);
        try
        {
            return (await _udp.ReceiveAsync(timeout.Token)).Buffer;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Reads whatever answers are queued (for the fuzz counter) without waiting.</summary>
    public int DrainAnswers()
    {
        var count = 0;
        while (_udp.Available > 0)
        {
            EndPoint any = new IPEndPoint(IPAddress.Any, 0);
            _udp.Client.ReceiveFrom(new byte[65536], ref any);
            count++;
        }

        return count;
    }

    public void Dispose() => _udp.Dispose();

    public static byte[] Frame(byte payloadType, uint sessionId, uint sequence, byte[] payload, bool secured = false)
    {
        return Concat([0x06, 0x00, 0xFF, 0x07, 0x06, (byte)(payloadType | (secured ? 0xC0 : 0))], Le(sessionId), Le(sequence),
            [(byte)payload.Length, (byte)(payload.Length >> 8)], payload);
    }

    private byte[] Packet(byte payloadType, uint sessionId, uint sequence, byte[] payload, bool secured = false)
    {
        var packet = Frame(payloadType, sessionId, sequence, payload, secured);
        if (!secured)
        {
            return packet;
        }

        var pad = (4 - ((packet.Length - 4 + 2) % 4)) % 4;
        var withTrailer = Concat(packet, Enumerable.Repeat((byte)0xFF, pad).ToArray(), [(byte)pad, 0x07]);
        return Concat(withTrailer, Hmac(_k1, withTrailer[4..])[..(_sha256 ? 16 : 12)]);
    }

    private byte[] Hmac(byte[] key, byte[] data) => _sha256 ? HMACSHA256.HashData(key, data) : HMACSHA1.HashData(key, data);

    private byte[] Encrypt(byte[] plain)
    {
        var pad = (16 - ((plain.Length + 1) % 16)) % 16;
        var padded = Concat(plain, Enumerable.Range(1, pad).Select(i => (byte)i).ToArray(), [(byte)pad]);
        var iv = RandomNumberGenerator.GetBytes(16);
        using var aes = Aes.Create();
        aes.Key = _k2;
        return Concat(iv, aes.EncryptCbc(padded, iv, PaddingMode.None));
    }

    private byte[] Decrypt(byte[] payload)
    {
        using var aes = Aes.Create();
        aes.Key = _k2;
        var plain = aes.DecryptCbc(payload.AsSpan(16), payload.AsSpan(0, 16), PaddingMode.None);
        return plain[..(plain.Length - 1 - plain[^1])];
    }

    private static byte[] Payload(byte[] packet) => packet[16..(16 + BinaryPrimitives.ReadUInt16LittleEndian(packet.AsSpan(14)))];

    private static byte Checksum(ReadOnlySpan<byte> bytes)
    {
        var sum = 0;
        foreach (var b in bytes)
        {
            sum += b;
        }

        return (byte)(-sum & 0xFF);
    }

    private static byte[] Le(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
#pragma warning restore CA5350
