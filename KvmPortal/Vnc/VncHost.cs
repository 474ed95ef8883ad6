using System.Security.Cryptography.X509Certificates;
using KvmPortal.Audit;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hid;
using KvmPortal.Data;
using KvmPortal.Auth;
using KvmPortal.Security;
using Microsoft.Extensions.Options;

namespace KvmPortal.Vnc;

/// <summary>
/// Runs VNC sessions for both doors (the TCP listener and the WebSocket endpoint): holds their shared services, enforces
/// <see cref="VncOptions.MaxConnections"/> and lists the open sessions.
/// </summary>
public sealed class VncHost(
    IOptionsMonitor<VncOptions> options, VncAuthenticator authenticator, VncFrameSource frames, InputGate gate, SessionRevocation revocation,
    IAuditLog audit, IConfiguration configuration, IOptions<HidOptions> hid, DataDirectory dataDirectory, TimeProvider time, ILogger<VncHost> logger)
{
    private readonly Lock _lock = new();
    private readonly List<VncSession> _sessions = [];
    private X509Certificate2? _certificate;

    internal VncOptions Options => options.CurrentValue;

    internal VncAuthenticator Authenticator => authenticator;

    internal VncFrameSource Frames => frames;

    internal InputGate Gate => gate;

    internal SessionRevocation Revocation => revocation;

    internal IAuditLog Audit => audit;

    internal string Keymap => hid.Value.DefaultKeymap;

    internal TimeProvider Time => time;

    internal ILogger Logger => logger;

    /// <summary>Gets the number of sessions open now (including those still in the handshake).</summary>
    public int SessionCount
    {
        get
        {
            lock (_lock)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>Gets the web server's certificate (configured or self-signed), loaded once.</summary>
    internal X509Certificate2 Certificate
    {
        get
        {
            lock (_lock)
            {
                return _certificate ??= TlsCertificateProvider.Load(configuration.GetSection("KvmPortal:Tls").Get<TlsOptions>() ?? new TlsOptions(), dataDirectory.Path, time);
            }
        }
    }

    /// <summary>Runs one client over <paramref name="stream"/> until it leaves, is refused or revoked; disposes the stream.</summary>
    /// <param name="stream">The connection.</param>
    /// <param name="remote">The client address (for the audit and the classic-auth lockout).</param>
    /// <param name="transport">The door.</param>
    /// <param name="cookieUser">For the WebSocket door: the portal user the cookie authorised; RFB credentials must be theirs.</param>
    /// <param name="cancellationToken">Ends the session (server stopping, request aborted).</param>
    public async Task RunAsync(Stream stream, string remote, VncTransport transport, string? cookieUser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var session = new VncSession(this, stream, remote, transport, cookieUser);
        bool admitted;
        lock (_lock)
        {
            admitted = _sessions.Count < options.CurrentValue.MaxConnections;
            if (admitted)
            {
                _sessions.Add(session);
            }
        }

        try
        {
            if (!admitted)
            {
                await session.RefuseAsync("too many VNC connections", cancellationToken);
                return;
            }

            await session.RunAsync(cancellationToken);
        }
        finally
        {
            lock (_lock)
            {
                _sessions.Remove(session);
            }

            await session.DisposeAsync();
        }
    }
}
