namespace KvmPortal.Hardware.Atx;

/// <summary>The power actions, idempotent against the power LED (PiKVM's <c>/atx/power?action=</c>).</summary>
public enum AtxPowerAction
{
    /// <summary>Short power click, only when the power LED is off.</summary>
    On,

    /// <summary>Short power click (ACPI soft-off), only when the power LED is on.</summary>
    Off,

    /// <summary>Long power click (forced off), only when the power LED is on.</summary>
    OffHard,

    /// <summary>Reset click, only when the power LED is on.</summary>
    ResetHard,
}
