using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using KvmPortal.Audit;

namespace KvmPortal.Ipmi;

/// <summary>
/// RMCP+ session set-up (spec 13.17-13.31): Open Session, RAKP 1/2 (the BMC proves it knows the user's key), RAKP 3/4 (the console
/// proves it), then SIK, K1 (integrity) and K2 (AES key). Every refusal is audited; failed RAKP 3s count towards the lockout.
/// </summary>
public sealed class IpmiHandshake(
    IpmiSessionTable sessions, IpmiUserStore users, IpmiLockout lockout, IpmiDeviceIdentity identity, IpmiMetrics metrics, IAuditLog audit,
    IpmiAuditThrottle throttle, TimeProvider time, ILogger<IpmiHandshake> logger)
{
    public byte[]? OpenSession(ReadOnlySpan<byte> p, IPEndPoint remote)
    {
        if (p.Length < 32 || p[8] != 0 || p[16] != 1 || p[24] != 2)
        {
            metrics.Drop();
            return null;
        }

        var tag = p[0];
        var requested = (byte)(p[1] & 0x0F);
        var consoleId = BinaryPrimitives.ReadUInt32LittleEndian(p[4..]);
        byte auth = (byte)(p[12] & 0x3F), integrity = (byte)(p[20] & 0x3F), confidentiality = (byte)(p[28] & 0x3F);
        var suite = CipherSuite.Match(auth, integrity, confidentiality);
        if (suite is null)
        {
            Refuse(remote, $"no cipher suite match (authentication {auth}, integrity {integrity}, confidentiality {confidentiality}); only suites 3 and 17 are offered");
            return OpenError(tag, IpmiCodes.RmcpNoCipherSuiteMatch, consoleId);
        }

        if (requested > (byte)IpmiPrivilege.Administrator)
        {
            return OpenError(tag, IpmiCodes.RmcpInvalidRole, consoleId);
        }

        if (consoleId == 0)
        {
            return OpenError(tag, IpmiCodes.RmcpIllegalParameter, consoleId);
        }

        var session = sessions.Create(consoleId, remote, suite);
        if (session is null)
        {
            Refuse(remote, "all sessions in use");
            return OpenError(tag, IpmiCodes.RmcpInsufficientResources, consoleId);
        }

        var r = new byte[36];
        r[0] = tag;
        r[2] = requested == 0 ? (byte)IpmiPrivilege.Administrator : requested;
        BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(4), consoleId);
        BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(8), session.BmcId);
        r[12] = 0;
        r[15] = 8;
        r[16] = suite.Authentication;
        r[20] = 1;
        r[23] = 8;
        r[24] = suite.Integrity;
        r[28] = 2;
        r[31] = 8;
        r[32] = suite.Confidentiality;
        return RmcpCodec.BuildV2(IpmiCodes.PayloadOpenSessionResponse, 0, 0, r);
    }

    public async Task<byte[]?> Rakp1Async(ReadOnlyMemory<byte> payload, IPEndPoint remote, CancellationToken cancellationToken)
    {
        var p = payload.Span;
        if (p.Length < 28 || p.Length < 28 + p[27])
        {
            metrics.Drop();
            return null;
        }

        var tag = p[0];
        var session = sessions.Get(BinaryPrimitives.ReadUInt32LittleEndian(p[4..]));
        if (session is null || session.State != IpmiSessionState.Opened || !session.Remote.Address.Equals(remote.Address))
        {
            return Rakp2Error(tag, IpmiCodes.RmcpInvalidSessionId, 0);
        }

        var role = p[24];
        var nameLength = p[27];
        if (nameLength > IpmiUserStore.MaxUserNameLength)
        {
            sessions.End(session, "invalid name length");
            return Rakp2Error(tag, IpmiCodes.RmcpInvalidNameLength, session.ConsoleId);
        }

        var requested = (IpmiPrivilege)(role & 0x0F);
        if ((role & 0xE0) != 0 || requested is < IpmiPrivilege.Callback or > IpmiPrivilege.Administrator)
        {
            sessions.End(session, "invalid role");
            return Rakp2Error(tag, IpmiCodes.RmcpInvalidRole, session.ConsoleId);
        }

        var nameBytes = p.Slice(28, nameLength).ToArray();
        var name = nameBytes.All(b => b is >= 0x21 and <= 0x7E) ? Encoding.ASCII.GetString(nameBytes) : "0x" + Convert.ToHexString(nameBytes);
        var consoleRandom = p.Slice(8, 16).ToArray();
        if (nameLength == 0 || nameBytes.Any(b => b is < 0x21 or > 0x7E))
        {
            LoginFailed(remote, name, "null or non-ASCII user name");
            sessions.End(session, "unauthorized name");
            return Rakp2Error(tag, IpmiCodes.RmcpUnauthorizedName, session.ConsoleId);
        }

        if (lockout.IsLockedOut(name, remote.Address))
        {
            LoginFailed(remote, name, "locked out after repeated failures", IpmiAuditActions.Lockout);
            sessions.End(session, "locked out");
            return Rakp2Error(tag, IpmiCodes.RmcpUnauthorizedName, session.ConsoleId);
        }

        var (user, reason) = await users.FindAsync(name, cancellationToken);
        if (user is null)
        {
            LoginFailed(remote, name, reason);
            if (lockout.Fail(name, remote.Address))
            {
                audit.Write(IpmiAuditActions.Lockout, name, remote.Address.ToString(), name, AuditOutcome.Denied, "IPMI login locked for this address");
            }

            sessions.End(session, "unauthorized name");
            return Rakp2Error(tag, IpmiCodes.RmcpUnauthorizedName, session.ConsoleId);
        }

        session.UserName = user.UserName;
        session.UserNameBytes = nameBytes;
        session.UserKey = user.Key;
        session.SecurityStamp = user.SecurityStamp;
        session.Role = role;
        session.ConsoleRandom = consoleRandom;
        session.BmcRandom = RandomNumberGenerator.GetBytes(16);
        session.MaxPrivilege = requested < user.Privilege ? requested : user.Privilege;
        session.State = IpmiSessionState.Rakp2Sent;
        session.LastActivity = time.GetUtcNow();

        var guid = identity.GuidBytes;
        var input = new byte[58 + nameBytes.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(input, session.ConsoleId);
        BinaryPrimitives.WriteUInt32LittleEndian(input.AsSpan(4), session.BmcId);
        consoleRandom.CopyTo(input, 8);
        session.BmcRandom.CopyTo(input, 24);
        guid.CopyTo(input, 40);
        input[56] = role;
        input[57] = nameLength;
        nameBytes.CopyTo(input, 58);
        var hmac = session.Suite.Rakp(session.UserKey, input);

        var r = new byte[40 + hmac.Length];
        r[0] = tag;
        BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(4), session.ConsoleId);
        session.BmcRandom.CopyTo(r, 8);
        guid.CopyTo(r, 24);
        hmac.CopyTo(r, 40);
        return RmcpCodec.BuildV2(IpmiCodes.PayloadRakp2, 0, 0, r);
    }

    public byte[]? Rakp3(ReadOnlySpan<byte> p, IPEndPoint remote)
    {
        if (p.Length < 8)
        {
            metrics.Drop();
            return null;
        }

        var tag = p[0];
        var session = sessions.Get(BinaryPrimitives.ReadUInt32LittleEndian(p[4..]));
        if (session is null || session.State != IpmiSessionState.Rakp2Sent || !session.Remote.Address.Equals(remote.Address))
        {
            return Rakp4Error(tag, IpmiCodes.RmcpInvalidSessionId, 0);
        }

        var suite = session.Suite;
        if (p[1] != IpmiCodes.RmcpOk)
        {
            // The console found RAKP 2's HMAC wrong: the password it holds differs from the user's IPMI password.
            Failed(session, remote, $"client rejected RAKP 2 (status 0x{p[1]:X2}): wrong password");
            return Rakp4Error(tag, p[1], session.ConsoleId);
        }

        var input = new byte[22 + session.UserNameBytes.Length];
        session.BmcRandom.CopyTo(input, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(input.AsSpan(16), session.ConsoleId);
        input[20] = session.Role;
        input[21] = (byte)session.UserNameBytes.Length;
        session.UserNameBytes.CopyTo(input, 22);
        var expected = suite.Rakp(session.UserKey, input);
        if (p.Length != 8 + expected.Length || !CryptographicOperations.FixedTimeEquals(expected, p[8..]))
        {
            Failed(session, remote, "RAKP 3 authcode wrong: wrong password");
            return Rakp4Error(tag, IpmiCodes.RmcpInvalidIntegrityCheckValue, session.ConsoleId);
        }

        var sikInput = new byte[34 + session.UserNameBytes.Length];
        session.ConsoleRandom.CopyTo(sikInput, 0);
        session.BmcRandom.CopyTo(sikInput, 16);
        sikInput[32] = session.Role;
        sikInput[33] = (byte)session.UserNameBytes.Length;
        session.UserNameBytes.CopyTo(sikInput, 34);
        var sik = suite.Rakp(session.UserKey, sikInput);
        session.K1 = suite.Rakp(sik, Enumerable.Repeat((byte)1, 20).ToArray());
        var k2 = suite.Rakp(sik, Enumerable.Repeat((byte)2, 20).ToArray());
        session.AesKey = k2[..16];
        Array.Clear(k2);

        var icvInput = new byte[36];
        session.ConsoleRandom.CopyTo(icvInput, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(icvInput.AsSpan(16), session.BmcId);
        identity.GuidBytes.CopyTo(icvInput, 20);
        var icv = suite.Rakp(sik, icvInput)[..suite.Rakp4Length];
        Array.Clear(sik);

        session.Privilege = IpmiPrivilege.User < session.MaxPrivilege ? IpmiPrivilege.User : session.MaxPrivilege;
        session.LastActivity = time.GetUtcNow();
        session.Remote = remote;
        lockout.Succeed(session.UserName, remote.Address);
        if (!sessions.Activated(session))
        {
            session.Wipe(); // swept as abandoned (or evicted) while RAKP 3 was checked: the keys just made go too
            return Rakp4Error(tag, IpmiCodes.RmcpInvalidSessionId, session.ConsoleId);
        }

        var r = new byte[8 + icv.Length];
        r[0] = tag;
        BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(4), session.ConsoleId);
        icv.CopyTo(r, 8);
        return RmcpCodec.BuildV2(IpmiCodes.PayloadRakp4, 0, 0, r);
    }

    /// <summary>
    /// A set-up that got its RAKP 2 and never sent RAKP 3: a console that found the HMAC wrong and gave up (FreeIPMI does), or someone
    /// collecting RAKP 2 hashes to crack offline. Counted towards the lockout like a wrong password.
    /// </summary>
    public void Abandoned(IpmiSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Failed(session, session.Remote, "abandoned after RAKP 2 (wrong password, or RAKP hash collection)");
    }

    private void Failed(IpmiSession session, IPEndPoint remote, string reason)
    {
        LoginFailed(remote, session.UserName, reason);
        if (lockout.Fail(session.UserName, remote.Address))
        {
            audit.Write(IpmiAuditActions.Lockout, session.UserName, remote.Address.ToString(), session.UserName, AuditOutcome.Denied, "IPMI login locked for this address");
        }

        sessions.End(session, "authentication failed");
    }

    private void LoginFailed(IPEndPoint remote, string name, string reason, string action = IpmiAuditActions.LoginFailed)
    {
        metrics.AuthFailure();
        if (throttle.Allow(remote.Address))
        {
            IpmiLog.LoginRefused(logger, name, remote, reason);
            audit.Write(action, name, remote.Address.ToString(), name, AuditOutcome.Denied, reason);
        }
    }

    private void Refuse(IPEndPoint remote, string reason)
    {
        metrics.AuthFailure();
        if (throttle.Allow(remote.Address))
        {
            audit.Write(IpmiAuditActions.Refused, null, remote.Address.ToString(), "open session", AuditOutcome.Denied, reason);
        }
    }

    private static byte[] OpenError(byte tag, byte status, uint consoleId)
    {
        var r = new byte[8];
        r[0] = tag;
        r[1] = status;
        BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(4), consoleId);
        return RmcpCodec.BuildV2(IpmiCodes.PayloadOpenSessionResponse, 0, 0, r);
    }

    private static byte[] Rakp2Error(byte tag, byte status, uint consoleId) => Error(IpmiCodes.PayloadRakp2, tag, status, consoleId);

    private static byte[] Rakp4Error(byte tag, byte status, uint consoleId) => Error(IpmiCodes.PayloadRakp4, tag, status, consoleId);

    private static byte[] Error(byte type, byte tag, byte status, uint consoleId)
    {
        var r = new byte[8];
        r[0] = tag;
        r[1] = status;
        BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(4), consoleId);
        return RmcpCodec.BuildV2(type, 0, 0, r);
    }
}
