namespace KvmPortal.Vnc;

/// <summary>Checks the VNC keys of a would-be configuration (the settings card's save) with the same validator as at start.</summary>
internal static class VncSettings
{
    public static IReadOnlyList<string> Validate(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        VncOptions options;
        try
        {
            options = configuration.GetSection(VncOptions.SectionName).Get<VncOptions>() ?? new VncOptions();
        }
        catch (InvalidOperationException ex)
        {
            return [ex.Message];
        }

        var result = new VncOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures] : [];
    }
}
