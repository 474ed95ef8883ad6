namespace KvmPortal.Hardware.Atx;

/// <summary>The ATX state as PiKVM reports it.</summary>
/// <param name="Enabled">False for the Disabled backend.</param>
/// <param name="Busy">True while a click (and its trailing busy time) is in progress.</param>
/// <param name="PowerLed">The debounced power LED.</param>
/// <param name="HddLed">The debounced HDD LED (false when not wired).</param>
public sealed record AtxState(bool Enabled, bool Busy, bool PowerLed, bool HddLed);
