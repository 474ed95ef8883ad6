using System.Text;
using KvmPortal.Auth;
using KvmPortal.Users;

namespace KvmPortal.Ipmi;

/// <summary>
/// The application net function (0x06): Get Device ID, Get Self Test Results, GUIDs, channel authentication capabilities and cipher
/// suites (also answered before a session exists), Set Session Privilege Level, Close Session, channel info/access, user access/name.
/// </summary>
public sealed class IpmiAppCommands(IpmiDeviceIdentity identity, IpmiSessionTable sessions, UserAdministration administration, IpmiUserStore users)
{
    private static readonly byte[] SuiteData = [.. CipherSuite.Supported.SelectMany(s => s.Record())];

    /// <summary>Get Channel Authentication Capabilities: IPMI 2.0 only (no IPMI 1.5 authentication type is offered), non-null user names, no K_g.</summary>
    public static (byte, byte[]) AuthenticationCapabilities(byte[] data)
    {
        if (data.Length != 2)
        {
            return (IpmiCodes.RequestDataLengthInvalid, []);
        }

        var channel = data[0] & 0x0F;
        var privilege = data[1] & 0x0F;
        if (channel is not (IpmiCodes.CurrentChannel or IpmiCodes.LanChannel) || privilege is < 1 or > 5)
        {
            return (IpmiCodes.InvalidDataField, []);
        }

        // Byte 2: bit 7 = IPMI 2.0 extended data, no 1.5 types. Byte 3: non-null user names only. Byte 4: IPMI 2.0 connections only.
        return (IpmiCodes.Ok, [IpmiCodes.LanChannel, 0x80, 0x04, 0x02, 0x00, 0x00, 0x00, 0x00]);
    }

    /// <summary>Get Channel Cipher Suites: records for 17 and 3, 16 bytes per list index.</summary>
    public static (byte, byte[]) CipherSuites(byte[] data)
    {
        if (data.Length != 3)
        {
            return (IpmiCodes.RequestDataLengthInvalid, []);
        }

        var channel = data[0] & 0x0F;
        if (channel is not (IpmiCodes.CurrentChannel or IpmiCodes.LanChannel) || (data[1] & 0x3F) > 1)
        {
            return (IpmiCodes.InvalidDataField, []);
        }

        var start = (data[2] & 0x3F) * 16;
        var slice = start >= SuiteData.Length ? [] : SuiteData.AsSpan(start, Math.Min(16, SuiteData.Length - start)).ToArray();
        return (IpmiCodes.Ok, [IpmiCodes.LanChannel, .. slice]);
    }

    public static (byte, byte[]) DeviceId()
    {
        var version = typeof(IpmiAppCommands).Assembly.GetName().Version ?? new Version(0, 0);
        var minor = version.Minor % 100;
        return (IpmiCodes.Ok,
        [
            0x20, 0x01, (byte)(version.Major & 0x7F), (byte)(((minor / 10) << 4) | (minor % 10)), 0x02, 0x80,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        ]);
    }

    public static (byte, byte[]) SelfTest() => (IpmiCodes.Ok, [0x55, 0x00]);

    public (byte, byte[]) SystemGuid() => (IpmiCodes.Ok, identity.GuidBytes);

    /// <summary>Set Session Privilege Level: 0 reads the current level; a level above the session's limit is refused with 0x81.</summary>
    public static (byte, byte[]) SetPrivilege(IpmiSession session, byte[] data)
    {
        if (data.Length != 1)
        {
            return (IpmiCodes.RequestDataLengthInvalid, []);
        }

        var requested = (IpmiPrivilege)(data[0] & 0x0F);
        if (requested != IpmiPrivilege.None)
        {
            if (requested is < IpmiPrivilege.User or > IpmiPrivilege.Administrator)
            {
                return (IpmiCodes.ParameterNotSupported, []);
            }

            if (requested > session.MaxPrivilege)
            {
                return (IpmiCodes.PrivilegeExceedsLimit, []);
            }

            session.Privilege = requested;
        }

        return (IpmiCodes.Ok, [(byte)session.Privilege]);
    }

    /// <summary>Close Session: the caller's own session, or (Administrator) another one by ID.</summary>
    public (byte Code, byte[] Data, IpmiSession? ToClose) CloseSession(IpmiSession session, byte[] data)
    {
        if (data.Length < 4)
        {
            return (IpmiCodes.RequestDataLengthInvalid, [], null);
        }

        var id = BitConverter.ToUInt32(data, 0);
        if (id == session.BmcId)
        {
            return (IpmiCodes.Ok, [], session);
        }

        var other = id == 0 ? null : sessions.Get(id);
        if (other is null || other.State != IpmiSessionState.Active)
        {
            return (IpmiCodes.InvalidSessionId, [], null);
        }

        return session.Privilege < IpmiPrivilege.Administrator ? (IpmiCodes.InsufficientPrivilege, [], null) : (IpmiCodes.Ok, [], other);
    }

    public (byte, byte[]) ChannelInfo(byte[] data)
    {
        if (data.Length != 1)
        {
            return (IpmiCodes.RequestDataLengthInvalid, []);
        }

        if ((data[0] & 0x0F) is not (IpmiCodes.CurrentChannel or IpmiCodes.LanChannel))
        {
            return (IpmiCodes.InvalidDataField, []);
        }

        var active = Math.Min(63, sessions.Snapshot().Count(s => s.State == IpmiSessionState.Active));

        // 802.3 LAN, IPMB-1.0 protocol, multi-session, IPMI's IANA number (7154) as vendor.
        return (IpmiCodes.Ok, [IpmiCodes.LanChannel, 0x04, 0x01, (byte)(0x80 | active), 0xF2, 0x1B, 0x00, 0x00, 0x00]);
    }

    public static (byte, byte[]) ChannelAccess(byte[] data)
    {
        if (data.Length != 2)
        {
            return (IpmiCodes.RequestDataLengthInvalid, []);
        }

        if ((data[0] & 0x0F) is not (IpmiCodes.CurrentChannel or IpmiCodes.LanChannel) || (data[1] & 0xC0) is not (0x40 or 0x80))
        {
            return (IpmiCodes.InvalidDataField, []);
        }

        return (IpmiCodes.Ok, [0x22, (byte)IpmiPrivilege.Administrator]); // always available, PEF alerting off; limit Administrator
    }

    /// <summary>Get User Access: user 1 is the (disabled) null user, then KvmPortal's users by name from ID 2 (at most 15).</summary>
    public async Task<(byte, byte[])> UserAccessAsync(byte[] data, CancellationToken cancellationToken)
    {
        if (data.Length != 2)
        {
            return (IpmiCodes.RequestDataLengthInvalid, []);
        }

        var id = data[1] & 0x3F;
        var list = await UsersAsync(cancellationToken);
        if ((data[0] & 0x0F) is not (IpmiCodes.CurrentChannel or IpmiCodes.LanChannel) || id < 1 || id > list.Count + 1)
        {
            return (IpmiCodes.InvalidDataField, []);
        }

        var enabled = 0;
        foreach (var u in list)
        {
            enabled += await users.HasPasswordAsync(u.Name, cancellationToken) ? 1 : 0;
        }

        byte access = 0x0F;
        if (id >= 2)
        {
            var user = list[id - 2];
            var hasPassword = await users.HasPasswordAsync(user.Name, cancellationToken);
            var privilege = user.Roles.Contains(Roles.Admin) ? 4 : user.Roles.Contains(Roles.Operator) ? 3 : 2;
            access = hasPassword && !user.Disabled ? (byte)(0x10 | privilege) : (byte)0x0F; // bit 4: IPMI messaging enabled
        }

        return (IpmiCodes.Ok, [(byte)(list.Count + 1), (byte)enabled, 0x00, access]);
    }

    public async Task<(byte, byte[])> UserNameAsync(byte[] data, CancellationToken cancellationToken)
    {
        if (data.Length != 1)
        {
            return (IpmiCodes.RequestDataLengthInvalid, []);
        }

        var id = data[0] & 0x3F;
        var list = await UsersAsync(cancellationToken);
        if (id < 1 || id > list.Count + 1)
        {
            return (IpmiCodes.InvalidDataField, []);
        }

        var name = new byte[16];
        if (id >= 2)
        {
            var bytes = Encoding.ASCII.GetBytes(list[id - 2].Name);
            bytes.AsSpan(0, Math.Min(16, bytes.Length)).CopyTo(name);
        }

        return (IpmiCodes.Ok, name);
    }

    private async Task<IReadOnlyList<UserSummary>> UsersAsync(CancellationToken cancellationToken) =>
        [.. (await administration.ListAsync(cancellationToken)).Take(15)];
}
