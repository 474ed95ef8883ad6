using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Health;

/// <summary>Samples the device's health on a <see cref="TimeProvider"/> timer and keeps <see cref="HealthOptions.HistoryHours"/> of history.</summary>
public sealed class HealthMonitor : IHealthMonitor, IHostedService, IDisposable
{
    private readonly Lock _gate = new();
    private readonly SystemHealthReader _reader;
    private readonly TimeProvider _time;
    private readonly ILogger<HealthMonitor> _logger;
    private readonly TimeSpan _interval;
    private readonly HealthHistory _history;
    private HealthSnapshot? _latest;
    private ITimer? _timer;
    private bool _throttledNow;

    /// <summary>Initializes a new instance of the <see cref="HealthMonitor"/> class.</summary>
    public HealthMonitor(IOptions<HealthOptions> options, SystemHealthReader reader, TimeProvider timeProvider, ILogger<HealthMonitor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _reader = reader ?? throw new ArgumentNullException(nameof(reader));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? NullLogger<HealthMonitor>.Instance;
        _interval = TimeSpan.FromSeconds(options.Value.SampleIntervalSeconds);
        _history = new HealthHistory((int)Math.Ceiling(TimeSpan.FromHours(options.Value.HistoryHours) / _interval));
    }

    /// <inheritdoc/>
    public event EventHandler<HealthSnapshot>? Sampled;

    /// <summary>Gets how many samples the history keeps.</summary>
    public int HistoryCapacity => _history.Capacity;

    /// <inheritdoc/>
    public HealthSnapshot? Latest
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<HealthSnapshot> GetHistory(TimeSpan? window = null) =>
        _history.GetSince(window is { } w ? _time.GetUtcNow() - w : null);

    /// <inheritdoc/>
    public HealthSnapshot SampleNow()
    {
        var sample = _reader.Read();
        lock (_gate)
        {
            _latest = sample;
        }

        _history.Add(sample);
        var throttledNow = sample.Throttling is { AnyNow: true };
        if (throttledNow && !_throttledNow && sample.Throttling is { } flags)
        {
            HealthLog.Throttled(_logger, flags.UndervoltageNow, flags.ThrottledNow, flags.FrequencyCappedNow, flags.Raw);
        }

        _throttledNow = throttledNow;
        Sampled?.Invoke(this, sample);
        return sample;
    }

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        HealthLog.Started(_logger, (int)_interval.TotalSeconds, _history.Capacity);
        _timer = _time.CreateTimer(_ => SampleSafely(), null, TimeSpan.Zero, _interval);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _timer = null;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Dispose() => _timer?.Dispose();

    private void SampleSafely()
    {
        try
        {
            SampleNow();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            // A timer callback must not throw; the next tick tries again.
            HealthLog.SampleFailed(_logger, exception);
        }
    }
}
