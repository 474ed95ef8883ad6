using System.Collections.Concurrent;

namespace KvmPortal.Auth;

/// <summary>
/// The one revocation path for every credential kind and live channel. A request that is still running (MJPEG, frame WebSocket,
/// <c>/api/ws</c>, the Blazor circuit's connection, long polls) is registered by <see cref="RevocationMiddleware"/> with its user
/// and its credential (cookie session, API token, Redfish session; see <see cref="CredentialKeys"/>) and aborted when either is
/// revoked. Other protocols (VNC, serial, IPMI) hold <see cref="TokenFor"/> and end their connection when it is cancelled.
/// <see cref="Revoked"/> tells in-process holders (console presence, Redfish sessions, caches) that a user's access ended.
/// </summary>
public sealed class SessionRevocation
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _tokens = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<LiveChannel, byte> _channels = new();

    /// <summary>Raised (synchronously, on the revoking thread) with the user name.</summary>
    public event EventHandler<string>? Revoked;

    /// <summary>Gets a token cancelled at the user's next revocation (for connections outside the HTTP pipeline: VNC, serial, IPMI).</summary>
    public CancellationToken TokenFor(string userName) => _tokens.GetOrAdd(userName, _ => new CancellationTokenSource()).Token;

    /// <summary>Registers a running request; it is aborted when its user or credential is revoked. Dispose when the request ends.</summary>
    public IDisposable Track(string userName, string? credential, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var channel = new LiveChannel(this, userName, credential, context);
        _channels.TryAdd(channel, 0);
        return channel;
    }

    /// <summary>Gets how many live requests are registered for the user (for tests and the admin page).</summary>
    public int LiveCount(string userName) => _channels.Keys.Count(c => string.Equals(c.UserName, userName, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Ends every live channel of the user and cancels <see cref="TokenFor"/>. <paramref name="except"/> (the request making the change,
    /// e.g. the user's own password change, which renews its cookie) keeps running.
    /// </summary>
    public void Revoke(string userName, HttpContext? except = null)
    {
        ArgumentNullException.ThrowIfNull(userName);
        Revoked?.Invoke(this, userName);
        if (_tokens.TryRemove(userName, out var source))
        {
            source.Cancel();
            source.Dispose();
        }

        Abort(c => string.Equals(c.UserName, userName, StringComparison.OrdinalIgnoreCase) && c.Context != except);
    }

    /// <summary>Ends the live channels opened with one credential (a logged-out cookie session, a revoked token, a deleted Redfish session).</summary>
    public void RevokeCredential(string credential, HttpContext? except = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(credential);
        Abort(c => string.Equals(c.Credential, credential, StringComparison.Ordinal) && c.Context != except);
    }

    private void Abort(Func<LiveChannel, bool> match)
    {
        foreach (var channel in _channels.Keys.Where(match).ToList())
        {
            _channels.TryRemove(channel, out _);
            try
            {
                channel.Context.Abort();
            }
            catch (ObjectDisposedException)
            {
                // The request ended meanwhile.
            }
        }
    }

    private sealed class LiveChannel(SessionRevocation owner, string userName, string? credential, HttpContext context) : IDisposable
    {
        public string UserName { get; } = userName;

        public string? Credential { get; } = credential;

        public HttpContext Context { get; } = context;

        public void Dispose() => owner._channels.TryRemove(this, out _);
    }
}
