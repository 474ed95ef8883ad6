namespace KvmPortal.Hardware.Simulation;

/// <summary>Settings of the simulated target server (configuration section <c>KvmPortal:Simulation</c>).</summary>
public sealed class SimulationOptions
{
    /// <summary>Gets or sets the screen width in pixels.</summary>
    public int ScreenWidth { get; set; } = 1280;

    /// <summary>Gets or sets the screen height in pixels.</summary>
    public int ScreenHeight { get; set; } = 720;

    /// <summary>Gets or sets the text console width in character cells.</summary>
    public int Columns { get; set; } = 80;

    /// <summary>Gets or sets the text console height in character cells.</summary>
    public int Rows { get; set; } = 25;

    /// <summary>Gets or sets how long the simulated OS takes to shut down after a short power-button press, in milliseconds.</summary>
    public int GracefulShutdownMs { get; set; } = 3000;

    /// <summary>Gets or sets how long the power button must be held to force the target off, in milliseconds.</summary>
    public int ForceOffHoldMs { get; set; } = 5000;

    /// <summary>Gets or sets how long the HDD LED stays lit while the target reads its boot media, in milliseconds.</summary>
    public int BootMediaReadMs { get; set; } = 1000;

    /// <summary>Gets or sets the host name shown in the simulated prompt.</summary>
    public string HostName { get; set; } = "sim-target";
}
