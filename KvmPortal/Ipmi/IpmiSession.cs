using System.Net;

namespace KvmPortal.Ipmi;

/// <summary>
/// One RMCP+ session: set up by Open Session and RAKP 1-4, then active. Holds the negotiated suite, the keys (SIK, K1, K2), the
/// privilege limits, the inbound sequence-number window (spec 6.12.13: 32 numbers below the highest seen, each accepted once) and
/// the outbound counter. The server handles one datagram at a time; other threads (the sweep, a revocation, Serial-over-LAN's sender)
/// read <see cref="State"/> and <see cref="LastActivity"/> and call <see cref="NextOutbound"/>, which are safe to share. State changes to
/// Active and Closed are made by <see cref="IpmiSessionTable"/> under its lock.
/// </summary>
public sealed class IpmiSession(uint bmcId, uint consoleId, IPEndPoint remote, CipherSuite suite, DateTimeOffset now)
{
    private const int Window = 32;
    private uint _highest;
    private uint _seen;
    private uint _outbound;
    private long _lastActivityTicks = now.UtcTicks;
    private volatile IpmiSessionState _state = IpmiSessionState.Opened;

    public uint BmcId { get; } = bmcId;

    public uint ConsoleId { get; } = consoleId;

    public IPEndPoint Remote { get; set; } = remote;

    public CipherSuite Suite { get; } = suite;

    public IpmiSessionState State
    {
        get => _state;
        set => _state = value;
    }

    public DateTimeOffset CreatedAt { get; } = now;

    /// <summary>Gets or sets when the console was last heard (written by the receive path, read by the sweep: never torn).</summary>
    public DateTimeOffset LastActivity
    {
        get => new(Interlocked.Read(ref _lastActivityTicks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _lastActivityTicks, value.UtcTicks);
    }

    // RAKP material.
    public byte[] ConsoleRandom { get; set; } = [];

    public byte[] BmcRandom { get; set; } = [];

    public byte Role { get; set; }

    public byte[] UserNameBytes { get; set; } = [];

    public byte[] UserKey { get; set; } = [];

    public string UserName { get; set; } = "";

    public string? SecurityStamp { get; set; }

    // Keys.
    public byte[] K1 { get; set; } = [];

    public byte[] AesKey { get; set; } = [];

    public IpmiPrivilege MaxPrivilege { get; set; }

    public IpmiPrivilege Privilege { get; set; } = IpmiPrivilege.User;

    /// <summary>
    /// Gets or sets the last answer to a state-changing command, resent when a client retransmits the same request soon after (a retry
    /// must not repeat a power action). Reads are never answered from here, so a client with a fixed request sequence sees fresh state.
    /// </summary>
    public (byte Sequence, byte NetFn, byte Command, byte[] Data, byte[] Response, DateTimeOffset At)? LastAnswer { get; set; }

    /// <summary>Accepts an inbound session sequence number once: zero, replays and numbers outside the window are refused.</summary>
    public bool AcceptSequence(uint sequence)
    {
        if (sequence == 0)
        {
            return false;
        }

        if (sequence > _highest)
        {
            var step = sequence - _highest;
            if (_highest != 0 && step > Window)
            {
                return false;
            }

            _seen = step >= Window ? 0 : _seen << (int)step;
            if (_highest != 0 && step <= Window)
            {
                _seen |= 1u << (int)(step - 1);
            }

            _highest = sequence;
            return true;
        }

        var back = _highest - sequence;
        if (back == 0 || back > Window)
        {
            return false;
        }

        var bit = 1u << (int)(back - 1);
        if ((_seen & bit) != 0)
        {
            return false;
        }

        _seen |= bit;
        return true;
    }

    /// <summary>The next outbound session sequence number (thread-safe: Serial-over-LAN sends from its own task).</summary>
    public uint NextOutbound()
    {
        var next = Interlocked.Increment(ref _outbound);
        return next == 0 ? Interlocked.Increment(ref _outbound) : next;
    }

    /// <summary>Forgets the keys (the arrays are cleared so no copy lingers in a dump).</summary>
    public void Wipe()
    {
        Array.Clear(UserKey);
        Array.Clear(K1);
        Array.Clear(AesKey);
        State = IpmiSessionState.Closed;
    }
}
