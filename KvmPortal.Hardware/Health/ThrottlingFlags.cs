namespace KvmPortal.Hardware.Health;

/// <summary>The Raspberry Pi firmware's throttling word (<c>vcgencmd get_throttled</c>): bits 0–3 now, bits 16–19 since boot.</summary>
/// <param name="Raw">The raw 32-bit value.</param>
public readonly record struct ThrottlingFlags(uint Raw)
{
    /// <summary>Gets a value indicating whether the supply voltage is too low now.</summary>
    public bool UndervoltageNow => (Raw & (1u << 0)) != 0;

    /// <summary>Gets a value indicating whether the ARM frequency is capped now.</summary>
    public bool FrequencyCappedNow => (Raw & (1u << 1)) != 0;

    /// <summary>Gets a value indicating whether the CPU is throttled now.</summary>
    public bool ThrottledNow => (Raw & (1u << 2)) != 0;

    /// <summary>Gets a value indicating whether the soft temperature limit is active now.</summary>
    public bool SoftTemperatureLimitNow => (Raw & (1u << 3)) != 0;

    /// <summary>Gets a value indicating whether undervoltage has occurred since boot.</summary>
    public bool UndervoltageOccurred => (Raw & (1u << 16)) != 0;

    /// <summary>Gets a value indicating whether frequency capping has occurred since boot.</summary>
    public bool FrequencyCappedOccurred => (Raw & (1u << 17)) != 0;

    /// <summary>Gets a value indicating whether throttling has occurred since boot.</summary>
    public bool ThrottledOccurred => (Raw & (1u << 18)) != 0;

    /// <summary>Gets a value indicating whether the soft temperature limit has occurred since boot.</summary>
    public bool SoftTemperatureLimitOccurred => (Raw & (1u << 19)) != 0;

    /// <summary>Gets a value indicating whether any problem is active now.</summary>
    public bool AnyNow => (Raw & 0xF) != 0;
}
