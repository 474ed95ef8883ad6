using KvmPortal.Hardware.Hid;
using KvmPortal.Hosting.Systemd;
using KvmPortal.Tests.Video;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging.Abstractions;

namespace KvmPortal.Tests.Hosting;

/// <summary>The watchdog's health check over a real video pipeline whose capture call never returns (manual clock).</summary>
public sealed class SystemdWatchdogTests
{
    [Fact]
    public async Task WedgedCapture_FailsTheCheck_AndWithholdsThePing_UntilTheCaptureReturns()
    {
        using var harness = new StreamerHarness();
        var hid = new DisabledHidOutput(harness.Time);
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(harness.Streamer)
            .AddSingleton<IHidOutput>(hid)
            .AddHealthChecks().AddCheck<WedgedHardwareHealthCheck>("hardware-wedged", tags: [SystemdSetup.WatchdogTag]).Services
            .BuildServiceProvider();
        var notifier = new RecordingNotifier();
        using var lifetime = new StartedLifetime();
        var watchdog = new SystemdWatchdog(notifier, services.GetRequiredService<HealthCheckService>(), lifetime, harness.Time, NullLogger<SystemdWatchdog>.Instance);

        // The capture thread is inside FakeVideoSource.Capture, which blocks until the test pushes a frame.
        await StreamerHarness.WaitUntil(() => harness.Streamer.Heartbeat.LongestCall() is not null, "capture call entered");
        Assert.True(await watchdog.TickAsync(CancellationToken.None), "a call that just started is not wedged");
        Assert.Equal(["WATCHDOG=1"], notifier.Sent);

        harness.Time.Advance(WedgedHardwareHealthCheck.WedgedAfter + TimeSpan.FromSeconds(1));
        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Equal("wedged: video capture stuck for 16 s", report.Entries["hardware-wedged"].Description);
        Assert.False(await watchdog.TickAsync(CancellationToken.None));
        Assert.Equal(["WATCHDOG=1"], notifier.Sent);

        harness.Source.PushFrame(new byte[16 * 8 * 3]);
        await StreamerHarness.WaitUntil(() => harness.Streamer.GetState().FramesCaptured > 0, "frame captured");
        await StreamerHarness.WaitUntil(() => harness.Streamer.Heartbeat.LongestCall() is not { For.TotalSeconds: > 15 }, "capture returned");
        Assert.True(await watchdog.TickAsync(CancellationToken.None));
        Assert.Equal(["WATCHDOG=1", "WATCHDOG=1"], notifier.Sent);
    }

    [Theory]
    [InlineData("1000000", null, 500)]
    [InlineData("30000000", "SELF", 15000)]
    [InlineData("30000000", "1", null)]
    [InlineData(null, null, null)]
    [InlineData("0", null, null)]
    [InlineData("ten", null, null)]
    public void PingInterval_IsHalfOfWatchdogUsec_ForThisProcessOnly(string? usec, string? pid, int? expectedMs)
    {
        var ownPid = Environment.ProcessId;
        var interval = SystemdWatchdog.PingInterval(usec, pid == "SELF" ? ownPid.ToString(System.Globalization.CultureInfo.InvariantCulture) : pid, ownPid);
        Assert.Equal(expectedMs, (int?)interval?.TotalMilliseconds);
    }

    private sealed class RecordingNotifier : ISystemdNotifier
    {
        public List<string> Sent { get; } = [];

        public bool IsEnabled => true;

        public void Notify(ServiceState state) => Sent.Add(state.ToString());
    }

    private sealed class StartedLifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _started = new();
        private readonly CancellationTokenSource _stopping = new();

        public StartedLifetime() => _started.Cancel();

        public CancellationToken ApplicationStarted => _started.Token;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();

        public void Dispose()
        {
            _started.Dispose();
            _stopping.Dispose();
        }
    }
}
