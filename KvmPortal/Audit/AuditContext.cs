using Microsoft.AspNetCore.Components.Authorization;

namespace KvmPortal.Audit;

/// <summary>
/// Audits on behalf of the current caller (scoped: a request or a Blazor circuit): the user comes from the server-side identity,
/// the client address from the connection.
/// </summary>
public sealed class AuditContext(IAuditLog log, IHttpContextAccessor http, IServiceProvider services)
{
    private string? _address;

    public async Task WriteAsync(string action, string? target = null, AuditOutcome outcome = AuditOutcome.Success, string? details = null)
    {
        var actor = await ActorAsync();
        log.Write(action, actor.User, actor.ClientAddress, target, outcome, details);
    }

    /// <summary>The current caller as an <see cref="AuditActor"/> (for services that audit on someone's behalf).</summary>
    public async Task<AuditActor> ActorAsync()
    {
        var context = http.HttpContext;
        _address ??= context?.Connection.RemoteIpAddress?.ToString();
        string? user = context?.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : null;
        if (user is null && services.GetService<AuthenticationStateProvider>() is { } provider)
        {
            try
            {
                user = (await provider.GetAuthenticationStateAsync()).User.Identity?.Name;
            }
            catch (InvalidOperationException)
            {
                // Not inside a component.
            }
        }

        return new AuditActor(user, _address);
    }

    /// <summary>Audits for a named user (login pages: the caller is not signed in yet).</summary>
    public void WriteFor(string? user, string action, string? target = null, AuditOutcome outcome = AuditOutcome.Success, string? details = null)
    {
        _address ??= http.HttpContext?.Connection.RemoteIpAddress?.ToString();
        log.Write(action, user, _address, target, outcome, details);
    }
}
