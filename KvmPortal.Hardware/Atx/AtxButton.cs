namespace KvmPortal.Hardware.Atx;

/// <summary>The raw clicks (PiKVM's <c>/atx/click?button=</c>), always performed regardless of the LEDs.</summary>
public enum AtxButton
{
    /// <summary>Short power-button click.</summary>
    Power,

    /// <summary>Long power-button click.</summary>
    PowerLong,

    /// <summary>Reset-button click.</summary>
    Reset,
}
