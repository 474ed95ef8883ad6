using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Video.H264;

/// <summary>Validates <see cref="H264Options"/> at start (PiKVM's ranges for bitrate and GOP).</summary>
public sealed class H264OptionsValidator : IValidateOptions<H264Options>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, H264Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Encoder))
        {
            failures.Add($"KvmPortal:Video:H264:Encoder '{options.Encoder}' is not one of {string.Join(", ", Enum.GetNames<H264EncoderKind>())}.");
        }

        if (options.BitrateKbps is < H264Limits.MinBitrateKbps or > H264Limits.MaxBitrateKbps)
        {
            failures.Add($"KvmPortal:Video:H264:BitrateKbps {options.BitrateKbps} is outside {H264Limits.MinBitrateKbps}..{H264Limits.MaxBitrateKbps}.");
        }

        if (options.Gop is < 0 or > H264Limits.MaxGop)
        {
            failures.Add($"KvmPortal:Video:H264:Gop {options.Gop} is outside 0..{H264Limits.MaxGop}.");
        }

        if (options.IdleKeyFrameMilliseconds < 0 || options.MaxLagFrames < 1)
        {
            failures.Add("KvmPortal:Video:H264: IdleKeyFrameMilliseconds must be 0 or more and MaxLagFrames 1 or more.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
