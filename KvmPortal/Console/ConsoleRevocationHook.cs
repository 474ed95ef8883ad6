using KvmPortal.Auth;
using KvmPortal.Hid;

namespace KvmPortal.Console;

/// <summary>When a user is revoked, their open consoles lose input at once (before their connections are even torn down).</summary>
public sealed class ConsoleRevocationHook(SessionRevocation revocation, ConsolePresence presence) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        revocation.Revoked += OnRevoked;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        revocation.Revoked -= OnRevoked;
        return Task.CompletedTask;
    }

    private void OnRevoked(object? sender, string userName)
    {
        foreach (var session in presence.Sessions.Where(s => string.Equals(s.UserName, userName, StringComparison.OrdinalIgnoreCase)))
        {
            session.MayControl = false;
            presence.ReleaseControl(session);
        }
    }
}
