using System.Globalization;
using System.Threading.Channels;
using KvmPortal.Audit;
using KvmPortal.Hardware.Serial;
using KvmPortal.Hid;

namespace KvmPortal.Ipmi;

/// <summary>
/// One active Serial-over-LAN payload: the port's output goes to the remote console in SOL packets (characters gathered for
/// <see cref="AccumulateInterval"/> or until <see cref="SendThreshold"/>, each packet resent up to <see cref="RetryCount"/> times
/// <see cref="RetryInterval"/> apart until acknowledged; a partial acknowledgement sends the rest in the next packet; what is never
/// acknowledged is dropped and the next packet says "overrun"). The console's characters and break pass the input rules (session
/// privilege Operator or more, then the <see cref="InputGate"/> as for the keyboard), are acknowledged at once (a refusal is a NACK)
/// and written by <see cref="SerialInputPacer"/>; a retransmitted packet gets the same acknowledgement and is not written twice.
/// The session, each input burst and each break are audited like the web terminal's, never what was typed.
/// </summary>
public sealed partial class IpmiSolLink : IDisposable
{
    public const int MaxCharactersPerPacket = IpmiSol.PayloadSize - SolPacket.HeaderLength;
    public const int SendThreshold = 96;
    public const int RetryCount = 7;
    public static readonly TimeSpan AccumulateInterval = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(500);
    private const int MaxBufferedOutput = 64 * 1024;

    private readonly InputClient _input;
    private readonly IpmiTransport _transport;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _time;
    private readonly Func<SerialOptions> _serialOptions;
    private readonly ILogger _logger;
    private readonly SerialInputAudit _inputAudit;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly Channel<SolPacket> _acks = Channel.CreateUnbounded<SolPacket>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<byte[]> _typed = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly DateTimeOffset _started;
    private readonly string _address;
    private SerialSubscription _subscription;
    private Task _tasks = Task.CompletedTask;
    private long _typedPending;
    private byte _outSequence;
    private byte _lastInSequence;
    private SolPacket? _lastInAck;
    private volatile bool _overrun;
    private bool _refusalReported;
    private bool _stopped;

    internal IpmiSolLink(IpmiSession session, ISerialConsole port, InputClient input, IpmiTransport transport, IAuditLog audit, TimeProvider time,
        Func<SerialOptions> serialOptions, ILogger logger)
    {
        Session = session;
        Port = port;
        _input = input;
        _transport = transport;
        _audit = audit;
        _time = time;
        _serialOptions = serialOptions;
        _logger = logger;
        _address = session.Remote.Address.ToString();
        _started = time.GetUtcNow();
        _inputAudit = new SerialInputAudit(audit, session.UserName, _address, port.Name, time);
        _subscription = port.Subscribe(0);
    }

    public IpmiSession Session { get; }

    public ISerialConsole Port { get; }

    /// <summary>Gets why the console's input is refused now, or null when it may type.</summary>
    public string? RefusalReason => Session.Privilege < IpmiPrivilege.Operator
        ? $"The IPMI session's privilege ({Session.Privilege}) may only watch the serial console."
        : _input.RefusalReason;

    /// <summary>Gets the characters sent to the console and dropped unacknowledged (for tests and the log).</summary>
    public long CharactersSent { get; private set; }

    public long CharactersDropped { get; private set; }

    /// <summary>Gets a value indicating whether the payload has ended.</summary>
    public bool IsStopped
    {
        get
        {
            lock (_lock)
            {
                return _stopped;
            }
        }
    }

    internal void Start()
    {
        var mayType = RefusalReason is null;
        _audit.Write(AuditActions.SerialSession, Session.UserName, _address, Port.Name,
            details: $"opened over IPMI Serial-over-LAN (session {Session.BmcId:X8}){(mayType ? "" : ", output only")}");
        LogActivated(_logger, Port.Name, Session.UserName, Session.BmcId, mayType);
        var revoked = _input.Revoked.Register(() => _ = Task.Run(() => Stop("revoked")));
        _tasks = Task.WhenAll(Task.Run(() => PumpAsync(_stop.Token)), Task.Run(() => WriteTypedAsync(_stop.Token)))
            .ContinueWith(_ => revoked.Dispose(), TaskScheduler.Default);
    }

    /// <summary>Handles a packet from the remote console; returns the acknowledgement to send back (null for a bare acknowledgement).</summary>
    public SolPacket? Receive(SolPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        lock (_lock)
        {
            if (_stopped)
            {
                return null;
            }

            if (packet.AckedSequence != 0)
            {
                _acks.Writer.TryWrite(packet);
            }

            if (packet.Sequence == 0)
            {
                return null;
            }

            if (packet.Sequence == _lastInSequence && _lastInAck is { } again)
            {
                return again; // a retransmit: the same answer, nothing written twice
            }

            byte accepted = 0;
            byte status = 0;
            var wantsBreak = (packet.Status & SolPacket.ConsoleBreak) != 0;
            if (wantsBreak || packet.Data.Length > 0)
            {
                if (RefusalReason is { } refused)
                {
                    ReportRefusal(refused);
                    status = SolPacket.BmcNack;
                }
                else
                {
                    _refusalReported = false;
                    accepted = Queue(packet.Data);
                    status = accepted == 0 && packet.Data.Length > 0 ? SolPacket.BmcNack : (byte)0;
                    if (wantsBreak)
                    {
                        _ = BreakAsync();
                    }
                }
            }

            var ack = SolPacket.Ack(packet.Sequence, accepted, status);
            _lastInSequence = packet.Sequence;
            _lastInAck = ack;
            return ack;
        }
    }

    /// <summary>Ends the payload: tells the console (status "deactivating"), stops both directions and audits. Idempotent.</summary>
    public void Stop(string reason)
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            Send(new SolPacket(NextSequence(), 0, 0, SolPacket.BmcDeactivating, []));
            _stopped = true;
        }

        _stop.Cancel();
        _input.Dispose();
        _inputAudit.Flush();
        var seconds = (long)(_time.GetUtcNow() - _started).TotalSeconds;
        _audit.Write(AuditActions.SerialSession, Session.UserName, _address, Port.Name,
            details: string.Create(CultureInfo.InvariantCulture,
                $"closed after {seconds} s, {_inputAudit.TotalBytes} bytes typed in {_inputAudit.Bursts} bursts (IPMI Serial-over-LAN: {reason})"));
        LogDeactivated(_logger, Port.Name, Session.UserName, reason);
    }

    /// <summary>
    /// Tells the console that the server ended its session: call after <see cref="Stop"/>, while the session's keys still exist (from
    /// <see cref="IpmiSessionTable.Ending"/>). <see cref="Stop"/> has sent the SOL packet with the "deactivating" status bit (IPMI v2.0
    /// §15.9), the protocol's own signal, but ipmitool's lanplus SOL loop parses that bit and acts on nothing: its loop ends when a receive
    /// yields no packet, and it then prints "SOL session closed by BMC" and exits. An empty datagram is exactly that (a zero-length read),
    /// and nothing else: too short to be RMCP, any other console drops it. Without it ipmitool sits in its loop until its Get Device ID
    /// keepalive (every 15 s) has failed several times. IPMI has no message for "the BMC closed your session".
    /// </summary>
    internal void SayGoodbye() => _transport.Send([], Session.Remote);

    /// <summary>Waits for the background work to end after <see cref="Stop"/>.</summary>
    public async Task StoppedAsync()
    {
        await _tasks.ConfigureAwait(false);
        Dispose();
    }

    /// <summary>Frees the timers; call after <see cref="Stop"/> (<see cref="StoppedAsync"/> does).</summary>
    public void Dispose()
    {
        _inputAudit.Dispose();
        _stop.Dispose();
    }

    /// <summary>Audits a refused keystroke once per run of refusals (a held key would otherwise write a row per packet). Call under the lock.</summary>
    private void ReportRefusal(string reason)
    {
        if (_refusalReported)
        {
            return;
        }

        _refusalReported = true;
        _audit.Write(AuditActions.SerialInput, Session.UserName, _address, Port.Name, AuditOutcome.Denied, $"IPMI Serial-over-LAN input refused: {reason}");
    }

    private byte NextSequence() => _outSequence = (byte)((_outSequence % 15) + 1);

    private void Send(SolPacket packet)
    {
        var datagram = RmcpCodec.BuildV2(IpmiCodes.PayloadSol, Session.ConsoleId, Session.NextOutbound(), packet.ToBytes(), Session.Suite, Session.K1, Session.AesKey);
        _transport.Send(datagram, Session.Remote);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "IPMI Serial-over-LAN on {Port} activated by {User} (session {SessionId:X8}, may type: {MayType})")]
    private static partial void LogActivated(ILogger logger, string port, string user, uint sessionId, bool mayType);

    [LoggerMessage(Level = LogLevel.Information, Message = "IPMI Serial-over-LAN on {Port} of {User} ended: {Reason}")]
    private static partial void LogDeactivated(ILogger logger, string port, string user, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "IPMI Serial-over-LAN input for {Port} lost: {Reason}")]
    private static partial void LogInputLost(ILogger logger, string port, string reason);
}
