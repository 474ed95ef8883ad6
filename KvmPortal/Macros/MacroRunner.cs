using System.Security.Claims;
using KvmPortal.Audit;
using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hid;

namespace KvmPortal.Macros;

/// <summary>
/// Replays macro steps through the input gate (and ATX for power steps): through the console's own client when run from a console, else
/// through a client of its own, so exclusive control and revocation hold. Delays are divided by the speed factor and waited with the
/// injected TimeProvider; cancelling (or losing input) stops at once and releases every key and button the macro still holds. Each run is audited.
/// </summary>
public sealed class MacroRunner(InputGate gate, IAtxPower atx, IAuditLog audit, KvmPortal.Auth.SessionRevocation revocation, TimeProvider time)
{
    public const double MinSpeed = 0.1;
    public const double MaxSpeed = 10;

    public async Task<MacroRunResult> RunAsync(
        string name, IReadOnlyList<MacroStep> steps, double speed, ClaimsPrincipal user, string? clientAddress, CancellationToken cancellationToken,
        InputClient? via = null)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(user);
        var who = user.Identity?.Name;
        var missing = MacroPermissions.Missing(user, steps);
        if (missing.Count > 0)
        {
            audit.Write(AuditActions.MacroRun, who, clientAddress, name, AuditOutcome.Denied, "missing " + string.Join(", ", missing));
            return MacroRunResult.Refused;
        }

        using var own = via is null ? gate.Open(InputDoor.Macro, user) : null;
        var hid = via ?? own!;
        if (steps.Any(s => s.Kind is not (MacroStepKind.Delay or MacroStepKind.Power)) && hid.RefusalReason is { } reason)
        {
            audit.Write(AuditActions.MacroRun, who, clientAddress, name, AuditOutcome.Denied, reason);
            return MacroRunResult.Refused;
        }

        speed = Math.Clamp(speed, MinSpeed, MaxSpeed);

        // A revoked user's macro stops with their other sessions; one that loses input (control taken over) stops too.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, revocation.TokenFor(who ?? ""), hid.Lost);
        cancellationToken = linked.Token;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var buttons = MouseButtons.None;
        try
        {
            foreach (var step in steps)
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (step.Kind)
                {
                    case MacroStepKind.Delay when step.Milliseconds > 0:
                        await Task.Delay(TimeSpan.FromMilliseconds(step.Milliseconds / speed), time, cancellationToken);
                        break;
                    case MacroStepKind.Key when step.Code is not null:
                        if (hid.SendKey(step.Code, step.Pressed))
                        {
                            _ = step.Pressed ? keys.Add(step.Code) : keys.Remove(step.Code);
                        }

                        break;
                    case MacroStepKind.MouseButton when Enum.TryParse<MouseButtons>(step.Button, ignoreCase: true, out var button) && button != MouseButtons.None:
                        hid.SendMouseButton(button, step.Pressed);
                        buttons = step.Pressed ? buttons | button : buttons & ~button;
                        break;
                    case MacroStepKind.MouseMove:
                        hid.SendAbsoluteMove(Math.Clamp(step.X, 0, 32767), Math.Clamp(step.Y, 0, 32767));
                        break;
                    case MacroStepKind.MouseRelative:
                        hid.SendRelativeMove(step.X, step.Y);
                        break;
                    case MacroStepKind.Wheel:
                        hid.SendWheel(Math.Clamp(step.Y, -127, 127), Math.Clamp(step.X, -127, 127));
                        break;
                    case MacroStepKind.Power when Enum.TryParse<AtxPowerAction>(step.Code, ignoreCase: true, out var action):
                        await atx.PowerAsync(action, wait: false, cancellationToken);
                        break;
                }
            }

            audit.Write(AuditActions.MacroRun, who, clientAddress, name, AuditOutcome.Success, $"{steps.Count} steps at speed {speed:0.##}");
            return MacroRunResult.Completed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            audit.Write(AuditActions.MacroRun, who, clientAddress, name, AuditOutcome.Failure, "cancelled");
            return MacroRunResult.Cancelled;
        }
        finally
        {
            foreach (var key in keys)
            {
                hid.SendKey(key, false);
            }

            foreach (var button in Enum.GetValues<MouseButtons>().Where(b => b != MouseButtons.None && buttons.HasFlag(b)))
            {
                hid.SendMouseButton(button, false);
            }
        }
    }
}
