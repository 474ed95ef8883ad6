using KvmPortal.Audit;
using KvmPortal.Hardware.Atx;

namespace KvmPortal.Ipmi;

/// <summary>
/// The chassis net function (0x00): Get Chassis Status, Chassis Control, Chassis Identify and the boot options. Power goes through
/// the same <see cref="IAtxPower"/> as the web console and the REST API: one action at a time (busy → 0xC0), each audited as <c>power</c>.
/// Chassis Identify has no LED to drive: its state is kept and reported in Get Chassis Status, nothing else happens.
/// </summary>
public sealed class IpmiChassisCommands(IAtxPower atx, IpmiBootOptions boot, IAuditLog audit, TimeProvider time)
{
    private DateTimeOffset _identifyUntil = DateTimeOffset.MinValue;
    private bool _identifyForever;

    public IpmiBootOptions Boot => boot;

    public (byte, byte[]) Status()
    {
        var state = atx.State;
        var identify = _identifyForever ? 0x20 : _identifyUntil > time.GetUtcNow() ? 0x10 : 0x00;

        // Power restore policy unknown (bits 6:5 = 11): the target's firmware decides, not the KVM.
        return (IpmiCodes.Ok, [(byte)(0x60 | (state.PowerLed ? 0x01 : 0x00)), 0x00, (byte)(0x40 | identify)]);
    }

    public async Task<(byte, byte[])> ControlAsync(IpmiSession session, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (data.Length != 1)
        {
            return (IpmiCodes.RequestDataLengthInvalid, []);
        }

        var (name, action) = (data[0] & 0x0F) switch
        {
            0x00 => ("off_hard", AtxPowerAction.OffHard),
            0x01 => ("on", AtxPowerAction.On),
            0x02 => ("cycle", (AtxPowerAction?)null),
            0x03 => ("reset_hard", AtxPowerAction.ResetHard),
            0x05 => ("off", AtxPowerAction.Off),
            _ => ((string?)null, (AtxPowerAction?)null),
        };
        if (name is null)
        {
            return (IpmiCodes.InvalidDataField, []);
        }

        byte code;
        string detail;
        try
        {
            if (action is { } a)
            {
                var clicked = await atx.PowerAsync(a, false, CancellationToken.None);
                code = clicked || a != AtxPowerAction.ResetHard ? IpmiCodes.Ok : IpmiCodes.CommandNotSupportedInPresentState;
                detail = clicked ? "clicked" : "nothing to do for the power LED's state";
            }
            else
            {
                await atx.PowerCycleAsync(false, CancellationToken.None);
                code = IpmiCodes.Ok;
                detail = "power cycle started";
            }
        }
        catch (AtxBusyException)
        {
            (code, detail) = (IpmiCodes.NodeBusy, "busy: another ATX action is running");
        }
        catch (AtxDisabledException)
        {
            (code, detail) = (IpmiCodes.CommandNotSupportedInPresentState, "ATX control is disabled");
        }

        audit.Write(AuditActions.Power, session.UserName, session.Remote.Address.ToString(), name,
            code == IpmiCodes.Ok ? AuditOutcome.Success : AuditOutcome.Failure, $"IPMI Chassis Control 0x{data[0] & 0x0F:X2}: {detail}");
        return (code, []);
    }

    /// <summary>Chassis Identify: interval in seconds (default 15, 0 = off), or forced on.</summary>
    public (byte, byte[]) Identify(byte[] data)
    {
        if (data.Length > 2)
        {
            return (IpmiCodes.RequestDataLengthInvalid, []);
        }

        var seconds = data.Length >= 1 ? data[0] : 15;
        _identifyForever = data.Length == 2 && (data[1] & 0x01) != 0;
        _identifyUntil = time.GetUtcNow().AddSeconds(seconds);
        return (IpmiCodes.Ok, []);
    }
}
