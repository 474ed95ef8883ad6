using System.Diagnostics;
using KvmPortal.Hardware.Msd;
using KvmPortal.Ipmi;
using KvmPortal.Tests.Api;
using KvmPortal.Tests.Audit;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Ipmi;

/// <summary>Debian's ipmitool over lanplus (cipher suites 3, 17, and its own choice) against the app's IPMI server and the simulated target.</summary>
public sealed class IpmitoolTests(IpmiTestApp app, ITestOutputHelper output) : IClassFixture<IpmiTestApp>
{
    [Theory]
    [InlineData("3")]
    [InlineData("17")]
    [InlineData(null)]
    public async Task Ipmitool_ReadsStatus_DrivesPower_AndSetsTheCdBootDevice(string? suite)
    {
        ExternalTool.Require(IpmiTestApp.Ipmitool, "ipmitool");
        await app.EnsurePowerAsync(on: false);
        var label = suite ?? "auto";

        Assert.Contains("System Power         : off", await RunAsync(suite, "chassis", "status"), StringComparison.Ordinal);
        var watch = Stopwatch.StartNew();
        Assert.Contains("Chassis Power is off", await RunAsync(suite, "power", "status"), StringComparison.Ordinal);
        output.WriteLine($"ipmitool_lanplus_suite_{label}_power_status_ms: {watch.ElapsedMilliseconds}");

        Assert.Contains("Chassis Power Control: Up/On", await RunAsync(suite, "power", "on"), StringComparison.Ordinal);
        await IpmiTestApp.WaitUntilAsync(() => app.Target.IsPoweredOn, "the target to power on");
        await app.WaitUntilIdleAsync();
        Assert.Contains("Chassis Power is on", await RunAsync(suite, "power", "status"), StringComparison.Ordinal);

        var boots = app.Target.BootCount;
        Assert.Contains("Chassis Power Control: Reset", await RunAsync(suite, "power", "reset"), StringComparison.Ordinal);
        await IpmiTestApp.WaitUntilAsync(() => app.Target.BootCount > boots, "the target to reboot after reset");
        await app.WaitUntilIdleAsync();

        boots = app.Target.BootCount;
        Assert.Contains("Chassis Power Control: Cycle", await RunAsync(suite, "power", "cycle"), StringComparison.Ordinal);
        await IpmiTestApp.WaitUntilAsync(() => app.Target.BootCount > boots && app.Target.IsPoweredOn, "the target to boot again after the cycle");
        await app.WaitUntilIdleAsync();

        Assert.Contains("Chassis Power Control: Soft", await RunAsync(suite, "power", "soft"), StringComparison.Ordinal);
        await IpmiTestApp.WaitUntilAsync(() => !app.Target.IsPoweredOn, "the target to shut down after the ACPI button");
        await app.WaitUntilIdleAsync();

        await app.EnsurePowerAsync(on: true);
        Assert.Contains("Chassis Power Control: Down/Off", await RunAsync(suite, "power", "off"), StringComparison.Ordinal);
        await IpmiTestApp.WaitUntilAsync(() => !app.Target.IsPoweredOn, "the target to be forced off");

        var mc = await RunAsync(suite, "mc", "info");
        Assert.Contains("IPMI Version              : 2.0", mc, StringComparison.Ordinal);
        Assert.Contains("Chassis Device", mc, StringComparison.Ordinal);

        var msd = app.Factory.Services.GetRequiredService<IMassStorage>();
        await msd.DisconnectAsync();
        await msd.SetImageAsync(IpmiTestApp.ImageName, MsdMode.Flash, true);
        Assert.Contains("Set Boot Device to cdrom", await RunAsync(suite, "chassis", "bootdev", "cdrom"), StringComparison.Ordinal);
        Assert.True(msd.State.Connected, "the selected image is attached");
        Assert.Equal(MsdMode.CdRom, msd.State.Mode);
        Assert.Contains("Force Boot from CD/DVD", await RunAsync(suite, "chassis", "bootparam", "get", "5"), StringComparison.Ordinal);

        // Without -C ipmitool asks Get Channel Cipher Suites and picks 17; had the query failed it would have fallen back to 3 after a stall.
        var opened = await AuditRows.OfAsync(app.Factory.Services, IpmiAuditActions.SessionOpened);
        Assert.Contains(opened, r => r.User == "admin" && r.Details!.StartsWith($"cipher suite {suite ?? "17"},", StringComparison.Ordinal));
        var power = await AuditRows.OfAsync(app.Factory.Services, KvmPortal.Audit.AuditActions.Power);
        Assert.Contains(power, r => r.User == "admin" && r.Target == "cycle" && r.Details!.Contains("IPMI Chassis Control", StringComparison.Ordinal));
        var attach = await AuditRows.OfAsync(app.Factory.Services, KvmPortal.Audit.AuditActions.MediaAttach);
        Assert.Contains(attach, r => r.User == "admin" && r.Target == IpmiTestApp.ImageName);
        Assert.Contains(await AuditRows.OfAsync(app.Factory.Services, IpmiAuditActions.Command), r => r.Target == "chassis_control");
        Assert.True(app.Metrics.CommandCount("chassis_control", "ok") >= 5);
    }

    private Task<string> RunAsync(string? suite, params string[] command) => IpmiTestApp.IpmitoolAsync(app.IpmitoolLogin("admin", suite), command);
}
