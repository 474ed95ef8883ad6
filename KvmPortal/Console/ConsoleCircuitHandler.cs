using KvmPortal.Hid;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace KvmPortal.Console;

/// <summary>
/// A circuit whose connection drops may linger for minutes before its components are disposed; neither held keys nor the presence
/// entry may. This releases the console's keys and buttons and leaves the presence list the moment the connection goes down (a closed
/// tab is gone from "Who's here" at once), and joins again if the same circuit reconnects.
/// </summary>
public sealed class ConsoleCircuitHandler(ConsolePresence? presence = null) : CircuitHandler
{
    /// <summary>Gets or sets the console input of this circuit (set by the console page while it is open).</summary>
    public ConsoleInput? Input { get; set; }

    /// <summary>Gets or sets this circuit's console session (set by the console page while it is open).</summary>
    public ConsoleSession? Session { get; set; }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Input?.ReleaseMine();
        if (Session is { } session)
        {
            presence?.Leave(session);
        }

        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (Session is { } session && presence is not null && !presence.Sessions.Contains(session))
        {
            presence.Join(session);
        }

        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Input?.ReleaseMine();
        return Task.CompletedTask;
    }
}
