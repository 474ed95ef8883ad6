using KvmPortal.Hardware.Health;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Options;
using Xunit;

namespace KvmPortal.Tests.Health;

public sealed class HealthMonitorTests : IDisposable
{
    private readonly FakeHealthTree _tree = new();
    private readonly ManualTimeProvider _time = new();

    public HealthMonitorTests() => _tree.WriteRaspberryPi();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void DefaultHistory_Keeps24HoursOfTenSecondSamples()
    {
        using var monitor = Create(new HealthOptions());

        Assert.Equal(8640, monitor.HistoryCapacity);
    }

    [Fact]
    public async Task Start_SamplesAtOnceThenEveryInterval()
    {
        using var monitor = Create(new HealthOptions());
        var seen = new List<HealthSnapshot>();
        monitor.Sampled += (_, s) => seen.Add(s);

        await monitor.StartAsync(CancellationToken.None);
        _time.Advance(TimeSpan.Zero);
        Assert.Single(seen);
        Assert.Same(seen[0], monitor.Latest);

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Single(seen);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, seen.Count);
        Assert.Equal(TimeSpan.FromSeconds(10), seen[1].Timestamp - seen[0].Timestamp);

        await monitor.StopAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public async Task History_IsBoundedAndReturnsTheNewestWindowOldestFirst()
    {
        using var monitor = Create(new HealthOptions { SampleIntervalSeconds = 10, HistoryHours = 1 });
        await monitor.StartAsync(CancellationToken.None);
        for (var i = 0; i < 720; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(10)); // two hours
        }

        var all = monitor.GetHistory();
        Assert.Equal(360, all.Count);
        Assert.Equal(_time.GetUtcNow(), all[^1].Timestamp);
        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromSeconds(3590), all[0].Timestamp);
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Timestamp < p.Second.Timestamp));

        var lastMinute = monitor.GetHistory(TimeSpan.FromMinutes(1));
        Assert.Equal(7, lastMinute.Count);
    }

    [Fact]
    public void HealthHistory_OverwritesTheOldest()
    {
        var history = new HealthHistory(3);
        var start = _time.GetUtcNow();
        for (var i = 0; i < 5; i++)
        {
            history.Add(new HealthSnapshot { Timestamp = start.AddSeconds(i) });
        }

        Assert.Equal([2.0, 3.0, 4.0], history.GetSince().Select(s => (s.Timestamp - start).TotalSeconds));
        Assert.Equal([4.0], history.GetSince(start.AddSeconds(4)).Select(s => (s.Timestamp - start).TotalSeconds));
    }

    [Fact]
    public void Validator_RejectsOutOfRangeSettings()
    {
        var result = new HealthOptionsValidator().Validate(null, new HealthOptions { SampleIntervalSeconds = 0, HistoryHours = 1000, ProcRoot = "" });

        Assert.Equal(3, result.Failures!.Count());
        Assert.True(new HealthOptionsValidator().Validate(null, new HealthOptions()).Succeeded);
    }

    [Fact]
    public void AddKvmHealth_RegistersOneMonitorAsItselfInterfaceAndHostedService()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<TimeProvider>(services, _time);
        services.AddKvmHealth();
        services.AddKvmHealth();

        Assert.Single(services, d => d.ServiceType == typeof(HealthMonitor));
        using var monitor = Create(new HealthOptions());
        var provider = new Simulation.SingleServiceProvider(typeof(HealthMonitor), monitor);
        Assert.Same(monitor, Assert.Single(services, d => d.ServiceType == typeof(IHealthMonitor)).ImplementationFactory!(provider));
        Assert.Same(monitor, Assert.Single(services, d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService)).ImplementationFactory!(provider));
    }

    private HealthMonitor Create(HealthOptions options)
    {
        options.SysRoot = _tree.Sys;
        options.ProcRoot = _tree.Proc;
        options.DiskPath = _tree.Data;
        options.VcgencmdPath = string.Empty;
        var wrapped = Options.Create(options);
        return new HealthMonitor(wrapped, new SystemHealthReader(wrapped, _time), _time);
    }
}
