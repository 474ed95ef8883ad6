using System.Security.Claims;
using KvmPortal.Audit;
using KvmPortal.Hardware.Hid.Keymaps;
using KvmPortal.Hid;
using KvmPortal.Auth;

namespace KvmPortal.Vnc;

/// <summary>
/// One VNC client: the RFB 3.8 handshake and security (<c>VncSession.Security.cs</c>), then a reader of client messages
/// (<c>VncSession.Messages.cs</c>) and a writer of framebuffer updates (<c>VncSession.Updates.cs</c>) running side by side until the
/// client leaves, the server stops or the user is revoked (the connection is closed at once).
/// </summary>
internal sealed partial class VncSession : IAsyncDisposable
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(30);

    private readonly VncHost _host;
    private readonly Stream _transportStream;
    private readonly string _remote;
    private readonly VncTransport _transport;
    private readonly string? _cookieUser;
    private readonly CancellationTokenSource _closed = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private Stream _stream;
    private RfbReader _reader;
    private int _minor = 8;
    private string _security = "";
    private bool _classicAuth;
    private ClaimsPrincipal? _user;
    private string _userName = "";
    private InputClient? _input;
    private VncKeyboard? _keyboard;
    private string _endReason = "client closed the connection";

    public VncSession(VncHost host, Stream stream, string remote, VncTransport transport, string? cookieUser)
    {
        _host = host;
        _transportStream = stream;
        _stream = stream;
        _remote = remote;
        _transport = transport;
        _cookieUser = cookieUser;
        _reader = new RfbReader(stream);
    }

    private bool MayControl => _user?.HasClaim(Permissions.ClaimType, Permissions.Control) == true;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        var ct = linked.Token;
        await using var closeOnCancel = ct.Register(CloseTransport);
        VncLogin login;
        using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            handshake.CancelAfter(HandshakeTimeout);
            try
            {
                login = await HandshakeAsync(handshake.Token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or EndOfStreamException or System.Security.Authentication.AuthenticationException)
            {
                Refused(_userName, "handshake did not complete: " + ex.GetType().Name);
                return;
            }
        }

        if (!login.Succeeded)
        {
            return; // refused and audited by the handshake
        }

        _user = login.User;
        _userName = login.UserName;
        var revoked = _host.Revocation.TokenFor(_userName);
        await using var onRevoked = revoked.Register(() =>
        {
            _endReason = "user revoked (disabled, signed out or role changed)";
            CloseTransport();
        });
        // A session opened with the VNC password ends when that password is changed or cleared (the old one may have leaked).
        var passwordChanged = _classicAuth ? _host.Authenticator.Passwords.ChangedToken(_userName) : CancellationToken.None;
        await using var onPasswordChanged = passwordChanged.Register(() =>
        {
            _endReason = "VNC password changed or cleared";
            CloseTransport();
        });
        if (revoked.IsCancellationRequested || passwordChanged.IsCancellationRequested)
        {
            return;
        }

        var mode = MayControl ? "input" : "view-only";
        _host.Audit.Write(VncAuditActions.Connected, _userName, _remote, "vnc", AuditOutcome.Success, $"{_transport}, {_security}, {mode}");
        VncLog.Opened(_host.Logger, _userName, _remote, _security, mode);
        if (MayControl)
        {
            _input = _host.Gate.Open(InputDoor.Vnc, _user!);
            _keyboard = new VncKeyboard(_input, KeyboardLayouts.TryGet(_host.Keymap, out var layout) ? layout : KeyboardLayouts.Get("en-us"));
        }

        using var viewer = _host.Frames.Streamer.AddViewer($"vnc {_userName} {_remote}");
        try
        {
            await SendServerInitAsync(ct);
            var writer = Task.Run(() => UpdateLoopAsync(viewer, ct), CancellationToken.None);
            var reader = Task.Run(() => MessageLoopAsync(ct), CancellationToken.None);
            var first = await Task.WhenAny(reader, writer);
            CloseTransport();
            await Task.WhenAll(reader, writer).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            if (first.IsFaulted && first.Exception?.GetBaseException() is { } error && !IsDisconnect(error))
            {
                _endReason = error is VncProtocolException ? error.Message : "server error";
                if (error is not VncProtocolException)
                {
                    VncLog.Failed(_host.Logger, error, _remote);
                }
            }
        }
        catch (Exception ex) when (IsDisconnect(ex))
        {
            // The client went away during ServerInit.
        }
        finally
        {
            if (cancellationToken.IsCancellationRequested && !revoked.IsCancellationRequested)
            {
                _endReason = "server stopping";
            }

            _input?.Dispose();
            _host.Audit.Write(VncAuditActions.Disconnected, _userName, _remote, "vnc", AuditOutcome.Success, _endReason);
            VncLog.Closed(_host.Logger, _userName, _remote, _endReason);
        }
    }

    /// <summary>Refuses a client before the handshake (server full): a 3.8 greeting followed by a failure with the reason.</summary>
    public async Task RefuseAsync(string reason, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await WriteAsync("RFB 003.008\n"u8.ToArray(), timeout.Token);
            var version = new byte[12];
            await _reader.ReadExactAsync(version, timeout.Token);
            _ = TryParseVersion(version, out _minor);
            await WriteAsync(FailureBytes(reason, withCount: false), timeout.Token);
        }
        catch (Exception ex) when (IsDisconnect(ex))
        {
            // Nothing more to say.
        }

        Refused("", reason);
    }

    public async ValueTask DisposeAsync()
    {
        CloseTransport();
        _closed.Dispose();
        _writeLock.Dispose();
        await _stream.DisposeAsync();
        await _transportStream.DisposeAsync();
    }

    private static bool IsDisconnect(Exception ex) =>
        ex is IOException or OperationCanceledException or ObjectDisposedException or EndOfStreamException or System.Net.WebSockets.WebSocketException
            or System.Net.Sockets.SocketException;

    private void Refused(string user, string reason)
    {
        _host.Audit.Write(VncAuditActions.Refused, string.IsNullOrEmpty(user) ? null : user, _remote, "vnc", AuditOutcome.Failure, $"{_transport}: {reason}");
        VncLog.Refused(_host.Logger, _remote, reason);
    }

    private void CloseTransport()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        // Disposing the streams ends reads and writes that do not watch the token (TLS, sockets) at once.
        _stream.Dispose();
        _transportStream.Dispose();
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await _stream.WriteAsync(data, cancellationToken);
            await _stream.FlushAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
