namespace KvmPortal.Hardware;

/// <summary>Identifies the hardware layer build.</summary>
public static class HardwareInfo
{
    /// <summary>Gets the assembly version of the hardware layer.</summary>
    public static string Version => typeof(HardwareInfo).Assembly.GetName().Version?.ToString() ?? "0.0.0";
}
