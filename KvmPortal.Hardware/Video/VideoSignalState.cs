namespace KvmPortal.Hardware.Video;

/// <summary>What the capture side currently sees.</summary>
public enum VideoSignalState
{
    /// <summary>Frames are arriving.</summary>
    Online,

    /// <summary>The device is there but no cable/picture (V4L2 ENOLINK, simulated target powered off).</summary>
    NoSignal,

    /// <summary>A signal is present but the receiver cannot lock onto it (V4L2 ENOLCK).</summary>
    NoSync,

    /// <summary>The capture device is missing or failed.</summary>
    NoDevice,

    /// <summary>Video is switched off in the configuration.</summary>
    Disabled,
}
