using System.Net.WebSockets;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using KvmPortal.Api;
using KvmPortal.Auth;
using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hardware.Msd;
using KvmPortal.Hardware.Video;
using KvmPortal.Hid;
using KvmPortal.Video;
using Microsoft.Extensions.Options;

namespace KvmPortal.Pikvm;

/// <summary>
/// PiKVM's <c>/api/ws</c>: first a <c>loop</c> event, then every subsystem's full state, <c>hid_keymaps</c> and <c>clients</c>, then partial
/// diffs as things change. Accepts the JSON input events and the binary opcodes 0–5, sent through this connection's <see cref="InputClient"/>
/// (so exclusive control and revocation hold here as on the console); the caller's Control permission is re-read from the database at most
/// once a second. The keys and buttons this connection pressed are released when it closes.
/// </summary>
public sealed partial class KvmWebSocket(
    HttpContext context,
    WebSocket socket,
    IServiceProvider services) : IDisposable
{
    public const int MaxMessageBytes = 64 * 1024;

    private static readonly TimeSpan PermissionRefresh = TimeSpan.FromSeconds(1);
    private readonly IHidOutput _hid = services.GetRequiredService<IHidOutput>();
    private readonly IAtxPower _atx = services.GetRequiredService<IAtxPower>();
    private readonly IMassStorage _msd = services.GetRequiredService<IMassStorage>();
    private readonly ImageLibrary _library = services.GetRequiredService<ImageLibrary>();
    private readonly VideoStreamer _streamer = services.GetRequiredService<VideoStreamer>();
    private readonly HidJiggler _jiggler = services.GetRequiredService<HidJiggler>();
    private readonly IOptions<HidOptions> _hidOptions = services.GetRequiredService<IOptions<HidOptions>>();
    private readonly WsClientRegistry _registry = services.GetRequiredService<WsClientRegistry>();
    private readonly CurrentPermissions _permissions = services.GetRequiredService<CurrentPermissions>();
    private readonly TimeProvider _time = services.GetRequiredService<TimeProvider>();
    private readonly InputClient _input = services.GetRequiredService<InputGate>().Open(InputDoor.WebSocket, context.User);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Channel<bool> _dirty = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Dictionary<string, JsonObject> _sent = new(StringComparer.Ordinal);
    private bool _hasControl;
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;

    public static async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await ApiEnvelope.Error(400, "BadRequestError", "This is a WebSocket endpoint").ExecuteAsync(context);
            return;
        }

        if (!ApiQuery.TryBool(context.Request.Query, "stream", true, out _))
        {
            await ApiEnvelope.Error(400, "ValidatorError", "Invalid value for 'stream'").ExecuteAsync(context);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var connection = new KvmWebSocket(context, socket, context.RequestServices);
        await connection.RunAsync(context.RequestAborted);
    }

    private async Task RunAsync(CancellationToken aborted)
    {
        var user = context.User;
        var id = Guid.NewGuid();
        _registry.Add(new WsClientInfo(
            id,
            user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
            user.Identity?.Name ?? "",
            user.FindFirstValue(KvmHeadersAuthenticationHandler.MethodClaim) ?? "cookie",
            context.Connection.RemoteIpAddress?.ToString(),
            _time.GetUtcNow()));
        _hasControl = user.HasClaim(Permissions.ClaimType, Permissions.Control);
        _checkedAt = _time.GetUtcNow();
        EventHandler<HidState> onHid = (_, _) => _dirty.Writer.TryWrite(true);
        EventHandler<AtxState> onAtx = (_, _) => _dirty.Writer.TryWrite(true);
        EventHandler<MassStorageState> onMsd = (_, _) => _dirty.Writer.TryWrite(true);
        EventHandler onOther = (_, _) => _dirty.Writer.TryWrite(true);
        _hid.StateChanged += onHid;
        _atx.StateChanged += onAtx;
        _msd.StateChanged += onMsd;
        _library.Changed += onOther;
        _registry.Changed += onOther;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        try
        {
            await SendAsync("loop", new JsonObject { ["version"] = new JsonObject { ["major"] = 4, ["minor"] = 0 } }, stop.Token);
            await PublishAsync(stop.Token);
            await SendAsync("hid_keymaps", ApiStates.Keymaps(_hidOptions), stop.Token);
            var publisher = PublishLoopAsync(stop.Token);
            try
            {
                await ReceiveLoopAsync(stop.Token);
            }
            finally
            {
                await stop.CancelAsync();
                await publisher;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client went away.
        }
        finally
        {
            _hid.StateChanged -= onHid;
            _atx.StateChanged -= onAtx;
            _msd.StateChanged -= onMsd;
            _library.Changed -= onOther;
            _registry.Changed -= onOther;
            _input.Dispose();
            _registry.Remove(id);
        }
    }

    public void Dispose()
    {
        _input.Dispose();
        _sendLock.Dispose();
    }

    private async Task PublishLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                tick.CancelAfter(TimeSpan.FromSeconds(1));
                try
                {
                    await _dirty.Reader.ReadAsync(tick.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // A second passed: poll the streamer state.
                }

                await PublishAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Closing.
        }
    }

    /// <summary>Sends each subsystem's state: whole the first time, then only what changed.</summary>
    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        (string Name, JsonObject State)[] states =
        [
            ("hid", ApiStates.Hid(_hid, _jiggler, _hidOptions)),
            ("atx", ApiStates.Atx(_atx)),
            ("msd", ApiStates.Msd(_msd, _library)),
            ("streamer", StreamerState.Json(_streamer)),
            ("clients", new JsonObject { ["count"] = _registry.Count }),
        ];
        foreach (var (name, state) in states)
        {
            _sent.TryGetValue(name, out var previous);
            if (name == "streamer" && previous is not null)
            {
                // Counters change every frame; only the parts a client shows are diffed.
                state["streamer"]!.AsObject().Remove("counters");
            }

            if (Pikvm.PikvmGranularity.Diff(name, previous, state) is { } diff)
            {
                _sent[name] = state;
                await SendAsync(name, diff, cancellationToken);
            }
        }
    }

    private async Task SendAsync(string eventType, JsonNode payload, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(new JsonObject { ["event_type"] = eventType, ["event"] = payload.DeepClone() }.ToJsonString());
        await SendRawAsync(bytes, WebSocketMessageType.Text, cancellationToken);
    }

    private async Task SendRawAsync(byte[] bytes, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(bytes, type, true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxMessageBytes];
        while (socket.State == WebSocketState.Open)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == buffer.Length)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, "message too big", cancellationToken);
                    return;
                }

                result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                length += result.Count;
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                return;
            }

            var message = buffer.AsMemory(0, length);
            if (result.MessageType == WebSocketMessageType.Binary)
            {
                await OnBinaryAsync(message, cancellationToken);
            }
            else
            {
                await OnJsonAsync(message, cancellationToken);
            }
        }
    }

    /// <summary>Re-reads the caller's permissions at most once a second (a revoked token loses Control); the gate then decides each event.</summary>
    private async Task RefreshControlAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (now - _checkedAt >= PermissionRefresh)
        {
            var had = _hasControl;
            _hasControl = (await _permissions.GetAsync(context.User, cancellationToken)).Contains(Permissions.Control) &&
                          context.User.HasClaim(Permissions.ClaimType, Permissions.Control);
            _checkedAt = now;
            _input.MayControl = _hasControl;
            if (had && !_hasControl)
            {
                _input.ReleaseAll();
            }
        }
    }
}
