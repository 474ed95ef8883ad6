using Microsoft.AspNetCore.Components.Server.Circuits;

namespace KvmPortal.Sessions;

/// <summary>
/// A circuit whose connection drops may linger for minutes before its components are disposed; keys held down must not.
/// This releases the console's keys and buttons the moment the connection goes down.
/// </summary>
public sealed class ConsoleCircuitHandler : CircuitHandler
{
    /// <summary>Gets or sets the console input of this circuit (set by the console page while it is open).</summary>
    public ConsoleInput? Input { get; set; }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Input?.ReleaseMine();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Input?.ReleaseMine();
        return Task.CompletedTask;
    }
}
