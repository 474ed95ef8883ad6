using KvmPortal.Hardware.Health;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Options;
using Xunit;

namespace KvmPortal.Tests.Health;

public sealed class SystemHealthReaderTests : IDisposable
{
    private readonly FakeHealthTree _tree = new();
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Read_OnAFakeRaspberryPi_ParsesEverySource()
    {
        _tree.WriteRaspberryPi();

        var sample = CreateReader().Read();

        Assert.Equal(_time.GetUtcNow(), sample.Timestamp);
        Assert.Equal(48.312, sample.CpuTemperatureC);
        Assert.Null(sample.CpuUsagePercent);
        Assert.Equal(3884376L * 1024, sample.MemoryTotalBytes);
        Assert.Equal(2942188L * 1024, sample.MemoryAvailableBytes);
        Assert.Equal(100.0 * (3884376 - 2942188) / 3884376, sample.MemoryUsedPercent!.Value, 9);
        Assert.Equal(TimeSpan.FromSeconds(93784.52), sample.Uptime);
        Assert.Equal(new ThrottlingFlags(0x50005), sample.Throttling);
        Assert.True(sample.DiskTotalBytes > 0);
        Assert.InRange(sample.DiskAvailableBytes!.Value, 0, sample.DiskTotalBytes!.Value);
    }

    [Fact]
    public void Read_ComputesCpuUseFromProcStatDeltas()
    {
        _tree.WriteRaspberryPi();
        var reader = CreateReader();
        reader.Read();

        // +200 user, +50 system, +650 idle, +100 iowait: 250 busy of 1000 jiffies.
        FakeHealthTree.Write(_tree.Proc, "stat", "cpu  300 0 150 1350 200 0 0 0 0 0\n");
        Assert.Equal(25.0, reader.Read().CpuUsagePercent!.Value, 9);

        // No time passed: no usage rather than a division by zero.
        Assert.Null(reader.Read().CpuUsagePercent);
    }

    [Fact]
    public void Read_WithMissingSources_LeavesThemNull()
    {
        var sample = CreateReader().Read();

        Assert.Null(sample.CpuTemperatureC);
        Assert.Null(sample.CpuUsagePercent);
        Assert.Null(sample.MemoryTotalBytes);
        Assert.Null(sample.MemoryUsedPercent);
        Assert.Null(sample.Uptime);
        Assert.Null(sample.Throttling);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Read_WithoutTheSysfsFile_FallsBackToVcgencmd()
    {
        var script = Path.Combine(_tree.Root, "vcgencmd");
        File.WriteAllText(script, "#!/bin/sh\n[ \"$1\" = get_throttled ] && echo throttled=0x20002\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var sample = CreateReader(vcgencmd: script).Read();

        Assert.Equal(new ThrottlingFlags(0x20002), sample.Throttling);
        Assert.True(sample.Throttling!.Value.FrequencyCappedNow);
    }

    [Fact]
    public void ThrottlingFlags_DecodeNowAndSinceBootBits()
    {
        var flags = new ThrottlingFlags(0x50005);

        Assert.True(flags.UndervoltageNow);
        Assert.False(flags.FrequencyCappedNow);
        Assert.True(flags.ThrottledNow);
        Assert.False(flags.SoftTemperatureLimitNow);
        Assert.True(flags.UndervoltageOccurred);
        Assert.False(flags.FrequencyCappedOccurred);
        Assert.True(flags.ThrottledOccurred);
        Assert.False(flags.SoftTemperatureLimitOccurred);
        Assert.True(flags.AnyNow);
        Assert.False(new ThrottlingFlags(0x80000).AnyNow);
        Assert.True(new ThrottlingFlags(0x80000).SoftTemperatureLimitOccurred);
    }

    [Theory]
    [InlineData("50005\n", 0x50005u)]
    [InlineData("throttled=0x0\n", 0u)]
    [InlineData("throttled=0xe0008", 0xE0008u)]
    public void ParseThrottled_ReadsSysfsAndVcgencmdSpellings(string text, uint raw)
    {
        Assert.Equal(new ThrottlingFlags(raw), Hardware.Health.HealthParsers.ParseThrottled(text));
    }

    private SystemHealthReader CreateReader(string vcgencmd = "") =>
        new(Options.Create(new HealthOptions { SysRoot = _tree.Sys, ProcRoot = _tree.Proc, DiskPath = _tree.Data, VcgencmdPath = vcgencmd }), _time);
}
