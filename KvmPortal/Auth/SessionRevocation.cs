using System.Collections.Concurrent;

namespace KvmPortal.Auth;

/// <summary>
/// Ends a user's live access at once (disabled, role changed, password reset, forced logout): every request of that user that is
/// still running (MJPEG, frame WebSocket, the Blazor circuit's connection, API long polls) is registered on the user's token by
/// <see cref="RevocationMiddleware"/> and aborted when <see cref="Revoke"/> cancels it; <see cref="Revoked"/> tells in-process
/// holders (the console's presence list) to refuse input. New requests are refused by the middleware's stamp check.
/// </summary>
public sealed class SessionRevocation
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _tokens = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Raised (synchronously, on the revoking thread) with the user name.</summary>
    public event EventHandler<string>? Revoked;

    /// <summary>Gets a token cancelled at the user's next revocation.</summary>
    public CancellationToken TokenFor(string userName) => _tokens.GetOrAdd(userName, _ => new CancellationTokenSource()).Token;

    public void Revoke(string userName)
    {
        ArgumentNullException.ThrowIfNull(userName);
        Revoked?.Invoke(this, userName);
        if (_tokens.TryRemove(userName, out var source))
        {
            source.Cancel();
            source.Dispose();
        }
    }
}
