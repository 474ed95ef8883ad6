using System.Collections.Concurrent;
using System.Security.Claims;
using KvmPortal.Auth;
using KvmPortal.Hardware.Hid;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hid;

/// <summary>
/// The one way keyboard and mouse input reaches the HID. Every door opens an <see cref="InputClient"/> here; each event is checked for
/// the Control permission, the console's presence rules (view-only, exclusive control: only the holder's tab, or the holder's own API
/// clients, may type) and revocation. The gate counts what it let through and refused, hands each client's events to its recorder,
/// and releases a client's keys when it goes away or loses input.
/// </summary>
public sealed partial class InputGate : IDisposable
{
    public const string RefusedViewOnly = "You are in view-only mode.";
    public const string RefusedHeld = "Another user holds the keyboard and mouse.";
    public const string RefusedRole = "Your role may only watch.";
    public const string RefusedSignedOut = "You were signed out.";

    private readonly IHidOutput _hid;
    private readonly ConsolePresence _presence;
    private readonly SessionRevocation _revocation;
    private readonly TimeProvider _time;
    private readonly IOptions<HidOptions> _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<InputGate> _logger;
    private readonly ConcurrentDictionary<Guid, InputClient> _clients = new();
    private readonly ConcurrentDictionary<string, InputClient> _restClients = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _typing = new(1, 1);
    private long _sent;
    private long _refused;

    public InputGate(IHidOutput hid, ConsolePresence presence, SessionRevocation revocation, TimeProvider time, IOptions<HidOptions> options, ILoggerFactory loggers)
    {
        _hid = hid;
        _presence = presence;
        _revocation = revocation;
        _time = time;
        _options = options;
        _loggers = loggers;
        _logger = loggers.CreateLogger<InputGate>();
        _presence.Changed += OnPresenceChanged;
        _revocation.Revoked += OnRevoked;
    }

    /// <summary>Gets the number of input events let through since start (all doors).</summary>
    public long SentCount => Interlocked.Read(ref _sent);

    /// <summary>Gets the number of input events refused since start (all doors).</summary>
    public long RefusedCount => Interlocked.Read(ref _refused);

    /// <summary>Gets the clients open now.</summary>
    public IReadOnlyCollection<InputClient> Clients => [.. _clients.Values];

    /// <summary>Opens the client of one console tab; its permission and view-only state come from the session.</summary>
    public InputClient OpenConsole(ConsoleSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Add(new InputClient(this, _hid, InputDoor.Console, session.UserName, session, session.MayControl, _revocation.TokenFor(session.UserName)));
    }

    /// <summary>Opens a client for a connection-shaped door (WebSocket, VNC, a macro run); dispose it when the connection ends.</summary>
    public InputClient Open(InputDoor door, ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var name = user.Identity?.Name ?? "";
        return Add(new InputClient(this, _hid, door, name, null, user.HasClaim(Permissions.ClaimType, Permissions.Control), _revocation.TokenFor(name)));
    }

    /// <summary>
    /// The REST door's client of this user: one per user, kept between requests so a key pressed by one call is released by the next
    /// (PiKVM's <c>state=true</c> / <c>state=false</c>); its permission is refreshed from each request's identity.
    /// </summary>
    public InputClient ForRequest(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var name = user.Identity?.Name ?? "";
        while (true)
        {
            var client = _restClients.GetOrAdd(name, n => Add(new InputClient(this, _hid, InputDoor.Rest, n, null, false, _revocation.TokenFor(n))));
            if (client.IsDisposed || client.Revoked.IsCancellationRequested)
            {
                _restClients.TryRemove(new KeyValuePair<string, InputClient>(name, client));
                client.Dispose();
                continue;
            }

            client.MayControl = user.HasClaim(Permissions.ClaimType, Permissions.Control);
            return client;
        }
    }

    /// <summary>Types text through a client (paste). One paste at a time; stops when the client loses input.</summary>
    public Task TypeAsync(InputClient client, string text, string? keymap, IProgress<int>? progress, CancellationToken cancellationToken) =>
        TypeAsync(client, text, keymap, TimeSpan.Zero, progress, cancellationToken);

    /// <summary>As <see cref="TypeAsync(InputClient, string, string?, IProgress{int}?, CancellationToken)"/>, waiting at least
    /// <paramref name="minKeyDelay"/> between key events (PiKVM's <c>delay</c>).</summary>
    public async Task TypeAsync(InputClient client, string text, string? keymap, TimeSpan minKeyDelay, IProgress<int>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        RefuseUnlessAllowed(client);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, client.Lost, client.Revoked);
        await _typing.WaitAsync(linked.Token);
        try
        {
            using var typer = new HidTyper(client, _time, _options, _loggers.CreateLogger<HidTyper>());
            await typer.TypeAsync(text, keymap, minKeyDelay, progress: progress, cancellationToken: linked.Token);
        }
        finally
        {
            _typing.Release();
        }
    }

    /// <summary>Sends a shortcut through a client; keys are released even when the client loses input half-way.</summary>
    public async Task SendShortcutAsync(InputClient client, HidShortcut shortcut, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        RefuseUnlessAllowed(client);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, client.Lost, client.Revoked);
        await HidShortcuts.SendAsync(client, shortcut, _time, linked.Token);
    }

    /// <summary>Releases every key and button of every client (PiKVM's <c>/api/hid/reset</c>); refused like any input.</summary>
    public void ResetAll(InputClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        RefuseUnlessAllowed(client);
        foreach (var open in _clients.Values)
        {
            open.ReleaseAll();
        }

        _hid.ReleaseAll();
    }

    public void Dispose()
    {
        _presence.Changed -= OnPresenceChanged;
        _revocation.Revoked -= OnRevoked;
        _typing.Dispose();
    }

    /// <summary>Gets why <paramref name="client"/> may not send input now, or null when it may.</summary>
    internal string? Check(InputClient client)
    {
        if (client.IsDisposed || client.Revoked.IsCancellationRequested)
        {
            return RefusedSignedOut;
        }

        if (client.Session is { } session)
        {
            return _presence.MaySendInput(session) ? null : session.ViewOnly ? RefusedViewOnly : session.MayControl ? RefusedHeld : RefusedRole;
        }

        if (!client.MayControl)
        {
            return RefusedRole;
        }

        // Exclusive control holds for every door: only the holder's own API clients may type besides the holder's tab.
        return _presence.Mode == ControlMode.Exclusive && !string.Equals(_presence.Holder?.UserName, client.UserName, StringComparison.OrdinalIgnoreCase)
            ? RefusedHeld
            : null;
    }

    internal void CountSent() => Interlocked.Increment(ref _sent);

    internal void CountRefused(InputClient client)
    {
        Interlocked.Increment(ref _refused);
        LogRefused(_logger, client.Door, client.UserName);
    }

    internal void Remove(InputClient client) => _clients.TryRemove(client.Id, out _);

    private InputClient Add(InputClient client)
    {
        _clients[client.Id] = client;
        return client;
    }

    private void RefuseUnlessAllowed(InputClient client)
    {
        if (Check(client) is { } reason)
        {
            CountRefused(client);
            throw new InputRefusedException(reason);
        }
    }

    private void OnPresenceChanged(object? sender, EventArgs e)
    {
        foreach (var client in _clients.Values.Where(c => Check(c) is not null))
        {
            client.OnInputLost();
        }
    }

    private void OnRevoked(object? sender, string userName)
    {
        foreach (var client in _clients.Values.Where(c => string.Equals(c.UserName, userName, StringComparison.OrdinalIgnoreCase)))
        {
            client.OnInputLost();
        }
    }

    // Which door and who; never what was typed.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused {Door} input from {User}")]
    private static partial void LogRefused(ILogger logger, InputDoor door, string user);
}
