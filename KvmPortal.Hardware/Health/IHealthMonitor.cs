namespace KvmPortal.Hardware.Health;

/// <summary>The device's health: the newest sample and a history for plots.</summary>
public interface IHealthMonitor
{
    /// <summary>Raised after each sample.</summary>
    event EventHandler<HealthSnapshot>? Sampled;

    /// <summary>Gets the newest sample, or null before the first.</summary>
    HealthSnapshot? Latest { get; }

    /// <summary>Returns the samples of the last <paramref name="window"/> (all kept samples when null), oldest first.</summary>
    IReadOnlyList<HealthSnapshot> GetHistory(TimeSpan? window = null);

    /// <summary>Takes a sample now (also recorded in the history).</summary>
    HealthSnapshot SampleNow();
}
