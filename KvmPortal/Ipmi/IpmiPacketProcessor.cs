using System.Net;
using KvmPortal.Audit;
using KvmPortal.Auth;

namespace KvmPortal.Ipmi;

/// <summary>
/// Turns one datagram into at most one answer. Session-less: ASF ping, Get Channel Authentication Capabilities and Get Channel Cipher
/// Suites (IPMI 1.5 or 2.0 framing), Open Session and RAKP 1/3. In a session: only authenticated and encrypted IPMI and SOL payloads from the
/// session's address, with a correct authcode and a fresh sequence number, of a user who still exists, is enabled and has the same
/// security stamp. IPMI 1.5 sessions are refused. Everything else is dropped and counted, never answered.
/// </summary>
public sealed class IpmiPacketProcessor(
    IpmiHandshake handshake, IpmiSessionTable sessions, IpmiCommandRouter router, IpmiSol sol, UserStateCache userStates, IpmiMetrics metrics, IAuditLog audit,
    IpmiAuditThrottle throttle, TimeProvider time)
{
    public const int MaxDatagram = 1024;

    public async Task<byte[]?> ProcessAsync(ReadOnlyMemory<byte> datagram, IPEndPoint remote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var d = datagram.Span;
        var kind = datagram.Length > MaxDatagram ? null : RmcpCodec.MessageClass(d);
        if (kind == RmcpCodec.ClassAsf)
        {
            return RmcpCodec.AsfPong(d) ?? Drop();
        }

        if (kind != RmcpCodec.ClassIpmi)
        {
            return Drop();
        }

        return d[4] switch
        {
            RmcpCodec.AuthTypeRmcpPlus => await RmcpPlusAsync(datagram, remote, cancellationToken),
            RmcpCodec.AuthTypeNone => SessionLessV15(datagram, remote),
            _ => Drop(), // IPMI 1.5 with MD2/MD5/straight password: not offered
        };
    }

    private byte[]? SessionLessV15(ReadOnlyMemory<byte> datagram, IPEndPoint remote)
    {
        var message = RmcpCodec.ParseV15SessionLess(datagram) is { } m ? IpmiLanMessage.Parse(m.Span) : null;
        if (message is null || message.NetFn != IpmiCodes.NetFnApp)
        {
            return Drop();
        }

        if (message.Command is 0x39 or 0x3A)
        {
            // Get Session Challenge / Activate Session: an IPMI 1.5 session. Refused (the capabilities list no 1.5 authentication type).
            metrics.AuthFailure();
            if (throttle.Allow(remote.Address))
            {
                audit.Write(IpmiAuditActions.Refused, null, remote.Address.ToString(), "IPMI 1.5 session", AuditOutcome.Denied, "IPMI 1.5 is not offered; use IPMI 2.0 (lanplus)");
            }
            return RmcpCodec.BuildV15SessionLess(message.Response(IpmiCodes.InvalidDataField, []));
        }

        return SessionLessCommand(message) is { } response ? RmcpCodec.BuildV15SessionLess(response) : Drop();
    }

    private async Task<byte[]?> RmcpPlusAsync(ReadOnlyMemory<byte> datagram, IPEndPoint remote, CancellationToken cancellationToken)
    {
        var d = datagram.Span;
        if (RmcpCodec.ParseV2(d) is not { } header)
        {
            return Drop();
        }

        var payload = datagram.Slice(header.PayloadOffset, header.PayloadLength);
        if (header.SessionId == 0)
        {
            if (header.Authenticated || header.Encrypted)
            {
                return Drop();
            }

            return header.PayloadType switch
            {
                IpmiCodes.PayloadOpenSessionRequest => handshake.OpenSession(payload.Span, remote),
                IpmiCodes.PayloadRakp1 => await handshake.Rakp1Async(payload, remote, cancellationToken),
                IpmiCodes.PayloadRakp3 => handshake.Rakp3(payload.Span, remote),
                IpmiCodes.PayloadIpmi when IpmiLanMessage.Parse(payload.Span) is { } m && SessionLessCommand(m) is { } r =>
                    RmcpCodec.BuildV2(IpmiCodes.PayloadIpmi, 0, 0, r),
                _ => Drop(),
            };
        }

        var session = sessions.Get(header.SessionId);
        if (session is null || session.State != IpmiSessionState.Active || !session.Remote.Address.Equals(remote.Address) ||
            !header.Authenticated || !header.Encrypted || header.PayloadType is not (IpmiCodes.PayloadIpmi or IpmiCodes.PayloadSol) ||
            !RmcpCodec.VerifyTrailer(d, header, session.Suite, session.K1) || !session.AcceptSequence(header.Sequence))
        {
            return Drop();
        }

        var plain = IpmiCrypto.Decrypt(session.AesKey, payload.Span);
        var request = plain is null || header.PayloadType == IpmiCodes.PayloadSol ? null : IpmiLanMessage.Parse(plain);
        if (plain is null || (request is null && header.PayloadType == IpmiCodes.PayloadIpmi))
        {
            return Drop();
        }

        var state = await userStates.GetAsync(session.UserName, fresh: false, cancellationToken);
        if (state is null || state.Disabled || !string.Equals(state.SecurityStamp, session.SecurityStamp, StringComparison.Ordinal))
        {
            sessions.End(session, "revoked");
            return null;
        }

        session.LastActivity = time.GetUtcNow();
        session.Remote = remote;
        if (request is null)
        {
            // Serial-over-LAN: characters, acknowledgements, break; the answer (if any) is an acknowledgement.
            return sol.Inbound(session, plain) is { } ack
                ? RmcpCodec.BuildV2(IpmiCodes.PayloadSol, session.ConsoleId, session.NextOutbound(), ack, session.Suite, session.K1, session.AesKey)
                : null;
        }

        var (response, close) = await router.HandleAsync(session, request, cancellationToken);
        var packet = RmcpCodec.BuildV2(IpmiCodes.PayloadIpmi, session.ConsoleId, session.NextOutbound(), response, session.Suite, session.K1, session.AesKey);
        if (close is not null)
        {
            sessions.End(close, "closed");
        }

        return packet;
    }

    private static byte[]? SessionLessCommand(IpmiLanMessage message)
    {
        if (message.NetFn != IpmiCodes.NetFnApp)
        {
            return null;
        }

        (byte Code, byte[] Data)? result = message.Command switch
        {
            0x38 => IpmiAppCommands.AuthenticationCapabilities(message.Data),
            0x54 => IpmiAppCommands.CipherSuites(message.Data),
            _ => null,
        };
        return result is { } r ? message.Response(r.Code, r.Data) : null;
    }

    private byte[]? Drop()
    {
        metrics.Drop();
        return null;
    }
}
