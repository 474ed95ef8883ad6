using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using KvmPortal.Api;
using KvmPortal.Audit;
using KvmPortal.Hardware.Serial;
using KvmPortal.Hid;
using KvmPortal.Auth;
using Microsoft.Extensions.Options;

namespace KvmPortal.Serial;

/// <summary>
/// One browser terminal on a serial port. Server to browser: binary messages are the port's output (first the log's last screenful,
/// then live), text messages are JSON <c>{"type":"state",...}</c> (port connected, may this user type and why not) and
/// <c>{"type":"error","message":...}</c>. Browser to server, JSON text: <c>{"type":"data","data":"..."}</c> (UTF-8 input),
/// <c>{"type":"break"}</c>, <c>{"type":"resize","cols":N,"rows":N}</c> (accepted, nothing to do on a serial line). Input passes the
/// keyboard's rules through an <see cref="InputClient"/> of door Serial (Control permission, re-read at most once a second; exclusive
/// control held by someone else refuses it); input is paced by <see cref="SerialInputPacer"/> (lines, and characters when configured). The session and
/// each input burst are audited, never what was typed. The socket closes when the user is revoked.
/// </summary>
public sealed partial class SerialTerminalSocket : IAsyncDisposable
{
    public const int MaxMessageBytes = 64 * 1024;
    public const int TailBytes = 16 * 1024;
    private static readonly TimeSpan PermissionRefresh = TimeSpan.FromSeconds(1);

    private readonly HttpContext _context;
    private readonly WebSocket _socket;
    private readonly ISerialConsole _port;
    private readonly InputClient _input;
    private readonly InputGate _gate;
    private readonly CurrentPermissions _permissions;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _time;
    private readonly IOptionsMonitor<SerialOptions> _options;
    private readonly ILogger<SerialTerminalSocket> _logger;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Channel<byte[]> _pending = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SerialInputAudit _inputAudit;
    private readonly string _user;
    private readonly string? _address;
    private long _pendingBytes;
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;
    private CancellationToken _stopping;

    private SerialTerminalSocket(HttpContext context, WebSocket socket, ISerialConsole port)
    {
        var services = context.RequestServices;
        _context = context;
        _socket = socket;
        _port = port;
        _gate = services.GetRequiredService<InputGate>();
        _permissions = services.GetRequiredService<CurrentPermissions>();
        _audit = services.GetRequiredService<IAuditLog>();
        _time = services.GetRequiredService<TimeProvider>();
        _options = services.GetRequiredService<IOptionsMonitor<SerialOptions>>();
        _logger = services.GetRequiredService<ILogger<SerialTerminalSocket>>();
        _input = _gate.Open(InputDoor.Serial, context.User);
        _user = _input.UserName;
        _address = context.Connection.RemoteIpAddress?.ToString();
        _inputAudit = new SerialInputAudit(_audit, _user, _address, port.Name, _time);
    }

    public static async Task HandleAsync(string port, HttpContext context, ISerialPorts ports)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ports);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await ApiEnvelope.Error(400, "BadRequestError", "This is a WebSocket endpoint").ExecuteAsync(context);
            return;
        }

        if (ports.Find(port) is not { } console)
        {
            await ApiEnvelope.Error(404, "NotFoundError", "No such serial port").ExecuteAsync(context);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await using var session = new SerialTerminalSocket(context, socket, console);
        await session.RunAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _inputAudit.Dispose();
        _input.Dispose();
        _sendLock.Dispose();
        await Task.CompletedTask;
    }

    private async Task RunAsync()
    {
        var started = _time.GetUtcNow();
        var mayType = _input.RefusalReason is null;
        _audit.Write(AuditActions.SerialSession, _user, _address, _port.Name, details: mayType ? "opened" : "opened, output only");
        LogOpened(_logger, _port.Name, _user);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_context.RequestAborted, _input.Revoked);
        _stopping = stop.Token;
        using var subscription = _port.Subscribe(TailBytes);
        EventHandler<SerialPortState> onState = (_, _) => _ = SendStateAsync();
        EventHandler onRules = (_, _) => _ = SendStateAsync();
        _port.StateChanged += onState;
        _gate.RulesChanged += onRules;
        try
        {
            await SendStateAsync();
            await SendBinaryAsync(TrimTail(subscription.Tail));
            var output = PumpOutputAsync(subscription, stop);
            var writer = WriteInputAsync(stop.Token);
            try
            {
                await ReceiveAsync(stop.Token);
            }
            finally
            {
                await stop.CancelAsync();
                _pending.Writer.TryComplete();
                await output;
                await writer;
            }

            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                var reason = _input.Revoked.IsCancellationRequested ? "signed out" : subscription.Overflowed ? "fell behind; reconnect" : "closing";
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(_input.Revoked.IsCancellationRequested ? WebSocketCloseStatus.PolicyViolation : WebSocketCloseStatus.NormalClosure,
                    reason, timeout.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The browser went away or the user was revoked.
        }
        finally
        {
            _port.StateChanged -= onState;
            _gate.RulesChanged -= onRules;
            _inputAudit.Flush();
            var seconds = (long)(_time.GetUtcNow() - started).TotalSeconds;
            _audit.Write(AuditActions.SerialSession, _user, _address, _port.Name,
                details: $"closed after {seconds} s, {_inputAudit.TotalBytes} bytes typed in {_inputAudit.Bursts} bursts");
        }
    }

    /// <summary>Starts the replayed tail at a line start when it was cut, so the terminal does not begin inside an escape sequence.</summary>
    private static byte[] TrimTail(byte[] tail)
    {
        if (tail.Length < TailBytes)
        {
            return tail;
        }

        var newline = Array.IndexOf(tail, (byte)'\n');
        return newline < 0 ? tail : tail[(newline + 1)..];
    }

    private async Task PumpOutputAsync(SerialSubscription subscription, CancellationTokenSource stop)
    {
        var batch = new List<byte>(8192);
        try
        {
            while (await subscription.Output.WaitToReadAsync(stop.Token))
            {
                batch.Clear();
                while (batch.Count < MaxMessageBytes && subscription.Output.TryRead(out var chunk))
                {
                    batch.AddRange(chunk.Span);
                }

                await SendBinaryAsync([.. batch]);
            }

            // The reader completed: this terminal fell too far behind (or the port went away). The browser reconnects.
            await stop.CancelAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            await stop.CancelAsync();
        }
    }

    private Task SendStateAsync()
    {
        var state = _port.State;
        var refusal = _input.RefusalReason;
        var message = new SerialStateMessage("state", state.Name, state.Device, state.Settings, state.Connected, state.Detail, refusal is null, refusal);
        return SendTextAsync(JsonSerializer.SerializeToUtf8Bytes(message, SerialJsonContext.Default.SerialStateMessage));
    }

    private Task SendErrorAsync(string text) =>
        SendTextAsync(JsonSerializer.SerializeToUtf8Bytes(new SerialErrorMessage("error", text), SerialJsonContext.Default.SerialErrorMessage));

    private Task SendTextAsync(byte[] utf8) => SendAsync(utf8, WebSocketMessageType.Text);

    private Task SendBinaryAsync(byte[] data) => data.Length == 0 ? Task.CompletedTask : SendAsync(data, WebSocketMessageType.Binary);

    private async Task SendAsync(byte[] data, WebSocketMessageType type)
    {
        try
        {
            await _sendLock.WaitAsync(_stopping);
            try
            {
                if (_socket.State == WebSocketState.Open)
                {
                    await _socket.SendAsync(data, type, true, _stopping);
                }
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // closing
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serial terminal on {Port} opened by {User}")]
    private static partial void LogOpened(ILogger logger, string port, string user);
}
