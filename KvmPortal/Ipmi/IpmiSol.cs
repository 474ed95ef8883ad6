using System.Buffers.Binary;
using System.Globalization;
using System.Security.Claims;
using KvmPortal.Audit;
using KvmPortal.Hardware.Serial;
using KvmPortal.Hid;
using Microsoft.Extensions.Options;

namespace KvmPortal.Ipmi;

/// <summary>
/// IPMI Serial-over-LAN (payload type 1) on <see cref="IpmiOptions.SolPort"/> (the first serial port when empty): Activate and
/// Deactivate Payload, Get Payload Activation Status and Get SOL Configuration Parameters, and the SOL packets of the active payload.
/// One instance at a time, as on a BMC: a second activation (from any session) is refused with "already active" until the first is
/// deactivated (by its session, by the same user, or by an Administrator session), its session ends, or its user is revoked.
/// Activation needs IPMI privilege User; a User-privilege session (a Viewer) watches output only, Operator and Administrator type
/// under the keyboard's rules (door Ipmi: exclusive control applies).
/// </summary>
public sealed class IpmiSol : IDisposable
{
    /// <summary>The payload size (4-byte SOL header and characters) each way.</summary>
    public const int PayloadSize = 200;

    public const byte Instance = 1;

    private const byte ParameterRevision = 0x11;

    private readonly IOptions<IpmiOptions> _options;
    private readonly ISerialPorts _ports;
    private readonly InputGate _gate;
    private readonly IpmiSessionTable _sessions;
    private readonly IpmiTransport _transport;
    private readonly IOptionsMonitor<SerialOptions> _serialOptions;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _time;
    private readonly ILogger<IpmiSolLink> _logger;
    private readonly Lock _lock = new();
    private IpmiSolLink? _active;

    public IpmiSol(IOptions<IpmiOptions> options, ISerialPorts ports, InputGate gate, IpmiSessionTable sessions, IpmiTransport transport,
        IOptionsMonitor<SerialOptions> serialOptions, IAuditLog audit, TimeProvider time, ILogger<IpmiSolLink> logger)
    {
        _options = options;
        _ports = ports;
        _gate = gate;
        _sessions = sessions;
        _transport = transport;
        _serialOptions = serialOptions;
        _audit = audit;
        _time = time;
        _logger = logger;
        _sessions.Ending += OnSessionEnding;
    }

    /// <summary>Gets the active payload, or null.</summary>
    public IpmiSolLink? Active
    {
        get
        {
            lock (_lock)
            {
                return _active is { IsStopped: false } ? _active : null;
            }
        }
    }

    /// <summary>Gets the serial port SOL uses, or null when SOL is off or the port does not exist.</summary>
    public ISerialConsole? Port
    {
        get
        {
            var o = _options.Value;
            if (!o.SolEnabled || !_ports.Enabled)
            {
                return null;
            }

            return string.IsNullOrEmpty(o.SolPort) ? (_ports.Ports.Count > 0 ? _ports.Ports[0] : null) : _ports.Find(o.SolPort);
        }
    }

    /// <summary>Activate Payload (app 0x48).</summary>
    public (byte, byte[]) Activate(IpmiSession session, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != 6)
        {
            return (IpmiCodes.RequestDataLengthInvalid, []);
        }

        if ((data[0] & 0x3F) != IpmiCodes.PayloadSol || (data[1] & 0x0F) != Instance)
        {
            return (IpmiCodes.InvalidDataField, []);
        }

        if (Port is not { } port)
        {
            _audit.Write(AuditActions.SerialSession, session.UserName, session.Remote.Address.ToString(), _options.Value.SolPort, AuditOutcome.Failure,
                "IPMI Serial-over-LAN refused: no serial port for SOL (KvmPortal:Ipmi:SolEnabled / SolPort, KvmPortal:Serial)");
            return (IpmiCodes.PayloadTypeDisabled, []);
        }

        if ((data[2] & 0x80) == 0)
        {
            return (IpmiCodes.PayloadEncryptionRequired, []); // the session is always encrypted; so is its SOL
        }

        lock (_lock)
        {
            if (_active is { IsStopped: false })
            {
                _audit.Write(AuditActions.SerialSession, session.UserName, session.Remote.Address.ToString(), port.Name, AuditOutcome.Denied,
                    $"IPMI Serial-over-LAN refused: already active for {_active.Session.UserName} (session {_active.Session.BmcId:X8})");
                return (IpmiCodes.PayloadAlreadyActive, []);
            }

            var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, session.UserName)], "ipmi"));
            var input = _gate.Open(InputDoor.Ipmi, principal);
            input.MayControl = session.MaxPrivilege >= IpmiPrivilege.Operator; // Operator and Admin roles hold Control
            _active = new IpmiSolLink(session, port, input, _transport, _audit, _time, () => _serialOptions.CurrentValue, _logger);
            _active.Start();
        }

        var r = new byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(r.AsSpan(4), PayloadSize);
        BinaryPrimitives.WriteUInt16LittleEndian(r.AsSpan(6), PayloadSize);
        BinaryPrimitives.WriteUInt16LittleEndian(r.AsSpan(8), (ushort)_transport.Port);
        BinaryPrimitives.WriteUInt16LittleEndian(r.AsSpan(10), 0xFFFF); // no VLAN
        return (IpmiCodes.Ok, r);
    }

    /// <summary>Deactivate Payload (app 0x49): the payload's own session, a session of the same user, or an Administrator session.</summary>
    public (byte, byte[]) Deactivate(IpmiSession session, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != 6)
        {
            return (IpmiCodes.RequestDataLengthInvalid, []);
        }

        if ((data[0] & 0x3F) != IpmiCodes.PayloadSol || (data[1] & 0x0F) != Instance)
        {
            return (IpmiCodes.InvalidDataField, []);
        }

        IpmiSolLink? link;
        lock (_lock)
        {
            link = _active;
            if (link is null || link.IsStopped)
            {
                return (IpmiCodes.PayloadAlreadyActive, []); // 0x80 here means "already deactivated"
            }

            var mine = link.Session == session || string.Equals(link.Session.UserName, session.UserName, StringComparison.OrdinalIgnoreCase);
            if (!mine && session.Privilege < IpmiPrivilege.Administrator)
            {
                return (IpmiCodes.InsufficientPrivilege, []);
            }

            _active = null;
        }

        if (link.Session == session)
        {
            link.Stop("deactivated");
        }
        else
        {
            // Ended from another session (an admin freeing a stranded payload): its console is told now, not at its next keepalive.
            link.Stop($"deactivated by {session.UserName} (session {session.BmcId:X8})");
            link.SayGoodbye();
        }

        _ = link.StoppedAsync();
        return (IpmiCodes.Ok, []);
    }

    /// <summary>Get Payload Activation Status (app 0x4A): one SOL instance.</summary>
    public (byte, byte[]) ActivationStatus(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != 1)
        {
            return (IpmiCodes.RequestDataLengthInvalid, []);
        }

        return (data[0] & 0x3F) == IpmiCodes.PayloadSol ? (IpmiCodes.Ok, [Instance, Active is null ? (byte)0 : (byte)0x01, 0x00]) : (IpmiCodes.InvalidDataField, []);
    }

    /// <summary>Get SOL Configuration Parameters (transport 0x22): parameters 0-8 read-only, from the port and the SOL constants.</summary>
    public (byte, byte[]) ConfigurationParameter(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != 4)
        {
            return (IpmiCodes.RequestDataLengthInvalid, []);
        }

        if ((data[0] & 0x0F) is not (IpmiCodes.CurrentChannel or IpmiCodes.LanChannel))
        {
            return (IpmiCodes.InvalidDataField, []);
        }

        if ((data[0] & 0x80) != 0)
        {
            return (IpmiCodes.Ok, [ParameterRevision]); // revision only
        }

        var port = Port;
        var rate = BitRate(port);
        byte[]? value = data[1] switch
        {
            0 => [0x00], // set complete
            1 => [port is null ? (byte)0 : (byte)1],
            2 => [0xC0 | (byte)IpmiPrivilege.User], // encryption and authentication forced; User may activate (output only)
            3 => [(byte)(IpmiSolLink.AccumulateInterval.TotalMilliseconds / 5), IpmiSolLink.SendThreshold],
            4 => [IpmiSolLink.RetryCount, (byte)(IpmiSolLink.RetryInterval.TotalMilliseconds / 10)],
            5 or 6 => [rate],
            7 => [IpmiCodes.LanChannel],
            8 => [(byte)(_transport.Port & 0xFF), (byte)(_transport.Port >> 8)],
            _ => null,
        };
        return value is null ? (IpmiCodes.ParameterNotSupported, []) : (IpmiCodes.Ok, [ParameterRevision, .. value]);
    }

    /// <summary>Handles a decrypted SOL payload of <paramref name="session"/>; returns the SOL payload to answer with, or null.</summary>
    public byte[]? Inbound(IpmiSession session, ReadOnlySpan<byte> payload)
    {
        var link = Active;
        if (link is null || link.Session != session || SolPacket.Parse(payload) is not { } packet)
        {
            return null;
        }

        return link.Receive(packet)?.ToBytes();
    }

    public void Dispose()
    {
        _sessions.Ending -= OnSessionEnding;
        IpmiSolLink? link;
        lock (_lock)
        {
            link = _active;
            _active = null;
        }

        link?.Stop("server stopped");
    }

    /// <summary>The bit-rate code of the port's line settings (6 = 9600 … 10 = 115200; 0 = other).</summary>
    private static byte BitRate(ISerialConsole? port)
    {
        var settings = port?.State.Settings ?? "";
        var space = settings.IndexOf(' ', StringComparison.Ordinal);
        _ = int.TryParse(space < 0 ? settings : settings[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var baud);
        return baud switch
        {
            9600 => 6,
            19200 => 7,
            38400 => 8,
            57600 => 9,
            115200 => 10,
            _ => 0,
        };
    }

    private void OnSessionEnding(object? sender, IpmiSessionEnd end)
    {
        IpmiSolLink? link;
        lock (_lock)
        {
            link = _active;
            if (link is null || link.Session != end.Session)
            {
                return;
            }

            _active = null;
        }

        link.Stop(end.Reason == "closed" ? "session closed" : $"session ended: {end.Reason}");
        if (end.Reason != "closed")
        {
            link.SayGoodbye(); // the server ended the session (revoked, timeout, stopping): the console must not wait for its keepalive
        }

        _ = link.StoppedAsync();
    }
}
