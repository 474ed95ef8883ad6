using KvmPortal.Audit;
using KvmPortal.Hardware.Msd;

namespace KvmPortal.Ipmi;

/// <summary>
/// Get/Set System Boot Options (spec 28.12/28.13). Kept in memory: parameter 0 (set in progress), 3 (valid-bit clearing), 4 (boot
/// info acknowledge) and 5 (boot flags). What a KVM can honour: a CD/DVD override (force CD/DVD or remote CD/DVD) attaches the image
/// selected for virtual media as a CD-ROM; the other devices (PXE, disk, BIOS setup…) are stored and read back but cannot change the
/// target's firmware boot order. The valid bit clears itself 60 s after being set unless parameter 3 bit 2 says not to, as the spec asks.
/// </summary>
public sealed class IpmiBootOptions(IMassStorage msd, IAuditLog audit, TimeProvider time)
{
    private static readonly TimeSpan ValidFor = TimeSpan.FromSeconds(60);
    private readonly byte[] _flags = new byte[5];
    private byte _setInProgress;
    private byte _clearing;
    private byte _ackData;
    private DateTimeOffset _flagsSetAt;

    /// <summary>Gets the boot device selector (bits 5:2 of the flags' second byte) while the flags are valid, else 0.</summary>
    public int Device
    {
        get
        {
            Expire();
            return (_flags[0] & 0x80) != 0 ? (_flags[1] >> 2) & 0x0F : 0;
        }
    }

    public (byte, byte[]) Get(byte[] data)
    {
        if (data.Length != 3)
        {
            return (IpmiCodes.RequestDataLengthInvalid, []);
        }

        Expire();
        var parameter = (byte)(data[0] & 0x7F);
        byte[]? value = parameter switch
        {
            0 => [_setInProgress],
            3 => [_clearing],
            4 => [0x00, _ackData],
            5 => [.. _flags],
            _ => null,
        };
        return value is null ? (IpmiCodes.ParameterNotSupported, []) : (IpmiCodes.Ok, [0x01, parameter, .. value]);
    }

    public async Task<(byte, byte[])> SetAsync(IpmiSession session, byte[] data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (data.Length < 1)
        {
            return (IpmiCodes.RequestDataLengthInvalid, []);
        }

        var parameter = data[0] & 0x7F;
        var value = data[1..];
        switch (parameter)
        {
            case 0 when value.Length == 1:
                if ((value[0] & 0x03) == 0x03)
                {
                    return (IpmiCodes.InvalidDataField, []);
                }

                _setInProgress = (byte)((value[0] & 0x03) == 0x01 ? 0x01 : 0x00);
                return (IpmiCodes.Ok, []);
            case 3 when value.Length == 1:
                _clearing = (byte)(value[0] & 0x1F);
                return (IpmiCodes.Ok, []);
            case 4 when value.Length == 2:
                _ackData = (byte)((_ackData & ~value[0]) | (value[1] & value[0]));
                return (IpmiCodes.Ok, []);
            case 5 when value.Length == 5:
                return await SetFlagsAsync(session, value, cancellationToken);
            case 0 or 3 or 4 or 5:
                return (IpmiCodes.RequestDataLengthInvalid, []);
            default:
                return (IpmiCodes.ParameterNotSupported, []);
        }
    }

    private async Task<(byte, byte[])> SetFlagsAsync(IpmiSession session, byte[] value, CancellationToken cancellationToken)
    {
        var device = (value[1] >> 2) & 0x0F;
        if ((value[0] & 0x80) != 0 && device is 0x05 or 0x08)
        {
            var code = await AttachCdAsync(session, cancellationToken);
            if (code != IpmiCodes.Ok)
            {
                return (code, []);
            }
        }

        value.CopyTo(_flags, 0);
        _flagsSetAt = time.GetUtcNow();
        return (IpmiCodes.Ok, []);
    }

    private async Task<byte> AttachCdAsync(IpmiSession session, CancellationToken cancellationToken)
    {
        var state = msd.State;
        var user = session.UserName;
        var address = session.Remote.Address.ToString();
        if (!state.Enabled || state.ImageName is null)
        {
            // Nothing selected: the override is stored (and read back) but there is no medium to present.
            return IpmiCodes.Ok;
        }

        if (state.Connected && state.Mode == MsdMode.CdRom)
        {
            return IpmiCodes.Ok;
        }

        try
        {
            if (state.Connected)
            {
                await msd.DisconnectAsync(cancellationToken);
            }

            if (state.Mode != MsdMode.CdRom)
            {
                await msd.SetImageAsync(state.ImageName, MsdMode.CdRom, true, cancellationToken);
            }

            await msd.ConnectAsync(cancellationToken);
            audit.Write(AuditActions.MediaAttach, user, address, state.ImageName, AuditOutcome.Success, "IPMI boot device CD/DVD: attached as CD-ROM");
            return IpmiCodes.Ok;
        }
        catch (MsdException ex)
        {
            audit.Write(AuditActions.MediaAttach, user, address, state.ImageName, AuditOutcome.Failure, $"IPMI boot device CD/DVD: {ex.Message}");
            return ex.Code == MsdErrorCode.Busy ? IpmiCodes.NodeBusy : IpmiCodes.CommandNotSupportedInPresentState;
        }
    }

    private void Expire()
    {
        var persistent = (_flags[0] & 0x40) != 0;
        if ((_flags[0] & 0x80) != 0 && !persistent && (_clearing & 0x04) == 0 && time.GetUtcNow() - _flagsSetAt > ValidFor)
        {
            _flags[0] &= 0x7F;
        }
    }
}
