namespace KvmPortal.Hardware.Simulation;

/// <summary>The simulated target server's screen, as the simulated video source sees it.</summary>
public interface ISimulatedDisplay
{
    /// <summary>Gets a number that changes whenever the picture changes.</summary>
    long FrameVersion { get; }

    /// <summary>Gets a value indicating whether the target outputs a picture (false when powered off).</summary>
    bool HasSignal { get; }

    /// <summary>Gets the picture width in pixels.</summary>
    int Width { get; }

    /// <summary>Gets the picture height in pixels.</summary>
    int Height { get; }

    /// <summary>Renders the current picture as packed RGB24 into <paramref name="destination"/> (Width × Height × 3 bytes).</summary>
    /// <returns>The <see cref="FrameVersion"/> that was rendered.</returns>
    long RenderRgb24(Span<byte> destination);
}
