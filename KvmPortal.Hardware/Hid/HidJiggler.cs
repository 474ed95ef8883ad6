using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Hid;

/// <summary>
/// The mouse jiggler: when enabled and input has been idle for the interval (60 s by default, randomised ±25 % each time),
/// it moves the absolute pointer one step and back, so the host does not lock or sleep.
/// </summary>
public sealed class HidJiggler : IHostedService, IDisposable
{
    private readonly IHidOutput _output;
    private readonly TimeProvider _time;
    private readonly ILogger<HidJiggler> _logger;
    private readonly Random _random;
    private readonly TimeSpan _baseInterval;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private TimeSpan _interval;

    public HidJiggler(IHidOutput output, TimeProvider time, IOptions<HidOptions> options, ILogger<HidJiggler> logger)
        : this(output, time, options, logger, Random.Shared)
    {
    }

    internal HidJiggler(IHidOutput output, TimeProvider time, IOptions<HidOptions> options, ILogger<HidJiggler> logger, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        _output = output;
        _time = time;
        _logger = logger;
        _random = random;
        _baseInterval = TimeSpan.FromSeconds(Math.Max(1, options.Value.JigglerIntervalSeconds));
        Enabled = options.Value.JigglerEnabled;
    }

    /// <summary>Gets or sets a value indicating whether the jiggler acts (it can be toggled at run time).</summary>
    public bool Enabled { get; set; }

    /// <summary>Gets the number of jiggles done.</summary>
    public int Count { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _interval = NextInterval();
            _timer ??= _time.CreateTimer(_ => Tick(), null, _interval, Timeout.InfiniteTimeSpan);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    private TimeSpan NextInterval() => _baseInterval * (0.75 + (0.5 * _random.NextDouble()));

    private void Tick()
    {
        lock (_gate)
        {
            if (_timer is null)
            {
                return;
            }

            var idle = _time.GetUtcNow() - _output.LastInputAt;
            TimeSpan next;
            if (!Enabled || idle >= _interval)
            {
                if (Enabled)
                {
                    var (x, y) = _output.AbsolutePosition;
                    var step = x < MouseReports.AbsoluteMax ? 1 : -1;
                    _output.SendAbsoluteMove(x + step, y);
                    _output.SendAbsoluteMove(x, y);
                    Count++;
                    HidLog.Jiggled(_logger, idle.TotalSeconds);
                }

                _interval = NextInterval();
                next = _interval;
            }
            else
            {
                next = _interval - idle; // wait until the input has been idle for the whole interval
            }

            _timer.Change(next, Timeout.InfiniteTimeSpan);
        }
    }
}
