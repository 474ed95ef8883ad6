using System.Runtime.CompilerServices;
using System.Security.Claims;
using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Hardware.Atx;

namespace KvmPortal.Tests.Macros;

internal sealed class AuditSink : IAuditLog
{
    public List<(string Action, string? User, string? Target, AuditOutcome Outcome, string? Details)> Rows { get; } = [];

    public void Write(string action, string? user, string? clientAddress, string? target = null, AuditOutcome outcome = AuditOutcome.Success, string? details = null) =>
        Rows.Add((action, user, target, outcome, details));

    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class AtxSink : IAtxPower
{
    public event EventHandler<AtxState>? StateChanged
    {
        add { }
        remove { }
    }

    public List<AtxPowerAction> Actions { get; } = [];

    public AtxState State { get; } = new(true, false, false, false);

    public async IAsyncEnumerable<AtxState> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        yield break;
    }

    public Task<bool> PowerAsync(AtxPowerAction action, bool wait, CancellationToken cancellationToken)
    {
        Actions.Add(action);
        return Task.FromResult(true);
    }

    public Task ClickAsync(AtxButton button, bool wait, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task PowerCycleAsync(bool wait, CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static class TestUsers
{
    public static ClaimsPrincipal With(string name, params string[] permissions) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), .. permissions.Select(p => new Claim(Permissions.ClaimType, p))], "test"));

    public static ClaimsPrincipal Operator(string name = "oscar") => With(name, [.. Roles.PermissionsOf(Roles.Operator)]);
}
