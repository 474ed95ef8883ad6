using KvmPortal.Hardware.Video.Interop;
using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>Bitrate and GOP changed on the streaming encoder (S_CTRL while streaming) instead of a restart.</summary>
public sealed partial class V4l2M2mEncoder
{
    private static readonly HashSet<uint> RateControls =
    [
        V4l2M2mNative.V4L2_CID_MPEG_VIDEO_BITRATE, V4l2M2mNative.V4L2_CID_MPEG_VIDEO_H264_I_PERIOD, V4l2M2mNative.V4L2_CID_MPEG_VIDEO_GOP_SIZE,
    ];

    /// <summary>Gets how many times bitrate/GOP were changed on the running encoder (no restart).</summary>
    public int RateChanges { get; private set; }

    /// <inheritdoc/>
    /// <remarks>
    /// Sets the bitrate and I-period (H.264) or GOP size (FWHT) controls while streaming, clamped to the driver's range and read
    /// back like at start. A driver that grabs a control while streaming answers EBUSY: then false, and the caller restarts the
    /// encoder with the new settings.
    /// </remarks>
    public bool TryChangeRate(int bitrateKbps, int gop)
    {
        var changed = Settings with { BitrateKbps = bitrateKbps, Gop = gop };
        changed.Validate();
        foreach (EncoderControl control in V4l2EncoderControls.For(changed))
        {
            if (!RateControls.Contains(control.Id))
            {
                continue;
            }

            if (_device.QueryControl(control.Id) is not { } range)
            {
                if (control.Required)
                {
                    return false;
                }

                continue;
            }

            int value = Math.Clamp(control.Value, range.Minimum, range.Maximum);
            try
            {
                _device.SetControl(control.Id, value);
                _appliedControls[control.Id] = _device.GetControl(control.Id);
            }
            catch (V4l2Exception ex)
            {
                LogRateChangeRefused(_logger, _device.Path, control.Name, value, ex.Message);
                return false;
            }
        }

        Settings = changed;
        RateChanges++;
        LogRateChanged(_logger, _device.Path, bitrateKbps, gop);
        return true;
    }

    [LoggerMessage(EventId = 4109, Level = LogLevel.Information, Message = "M2M encoder {Path}: bitrate {BitrateKbps} kbit/s and GOP {Gop} set while streaming")]
    private static partial void LogRateChanged(ILogger logger, string path, int bitrateKbps, int gop);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "M2M encoder {Path} refused {Control}={Value} while streaming ({Error}); it is restarted instead")]
    private static partial void LogRateChangeRefused(ILogger logger, string path, string control, int value, string error);
}
