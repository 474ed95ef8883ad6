namespace KvmPortal.Auth;

/// <summary>
/// Ends browser sessions idle past <see cref="SecurityOptions.SessionIdleTimeout"/>: each is recorded as logged out
/// (its cookie is refused from then on, as after a logout) and its live channels (console circuit, streams) close, so its page shows
/// "you were signed out". Looks every quarter of the timeout (at most every 15 s).
/// </summary>
public sealed partial class IdleSessionSweeper(IdleSessions idle, LoggedOutSessions loggedOut, SessionRevocation revocation, IAuthAudit audit,
    TimeProvider time, ILogger<IdleSessionSweeper> logger) : BackgroundService
{
    private readonly SemaphoreSlim _ending = new(1, 1);

    /// <summary>Ends every session idle past the timeout now.</summary>
    public async Task EndIdleAsync(CancellationToken cancellationToken)
    {
        await _ending.WaitAsync(cancellationToken);
        try
        {
            foreach (var session in idle.TakeIdle())
            {
                if (await loggedOut.IsEndedAsync(session.SessionId, cancellationToken))
                {
                    continue; // logged out already
                }

                await loggedOut.EndAsync(session.UserId, session.SessionId, cancellationToken);
                revocation.RevokeCredential(CredentialKeys.Cookie(session.SessionId));
                var after = Minutes(idle.Timeout);
                audit.Logout(session.UserName, null, $"idle for {after}: signed out by the session idle timeout");
                LogEnded(session.UserName, after);
            }
        }
        finally
        {
            _ending.Release();
        }
    }

    public override void Dispose()
    {
        _ending.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var timeout = idle.Timeout;
            var every = timeout <= TimeSpan.Zero ? TimeSpan.FromSeconds(15)
                : TimeSpan.FromTicks(Math.Clamp(timeout.Ticks / 4, TimeSpan.TicksPerSecond / 4, 15 * TimeSpan.TicksPerSecond));
            try
            {
                await Task.Delay(every, time, stoppingToken);
                await EndIdleAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is InvalidOperationException or Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                LogFailed(ex);
            }
        }
    }

    private static string Minutes(TimeSpan t) => t.TotalMinutes >= 1 ? $"{t.TotalMinutes:0.#} min" : $"{t.TotalSeconds:0} s";

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed out an idle browser session of {User} (idle for {Idle})")]
    private partial void LogEnded(string user, string idle);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ending idle sessions failed; trying again later")]
    private partial void LogFailed(Exception ex);
}
