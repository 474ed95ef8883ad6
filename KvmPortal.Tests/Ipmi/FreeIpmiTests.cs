using System.Globalization;
using KvmPortal.Hardware.Msd;
using KvmPortal.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Ipmi;

/// <summary>FreeIPMI (Debian's freeipmi-tools: ipmipower, ipmi-chassis, ipmi-config, bmc-info), an implementation independent of ipmitool, over IPMI 2.0.</summary>
public sealed class FreeIpmiTests(IpmiTestApp app) : IClassFixture<IpmiTestApp>
{
    private const string IpmiPower = "/usr/sbin/ipmipower";
    private const string IpmiChassis = "/usr/sbin/ipmi-chassis";
    private const string BmcInfo = "/usr/sbin/bmc-info";
    private const string IpmiConfig = "/usr/sbin/ipmi-config";

    [Theory]
    [InlineData("3")]
    [InlineData("17")]
    public async Task FreeIpmi_ReadsStatus_DrivesPower_AndSetsTheCdBootDevice(string suite)
    {
        ExternalTool.Require(IpmiPower, "freeipmi-tools");
        await app.EnsurePowerAsync(on: false);

        Assert.Matches(@"System Power\s+: off", await RunAsync(IpmiChassis, suite, "--get-chassis-status"));
        Assert.Contains("127.0.0.1: off", await RunAsync(IpmiPower, suite, "--stat"), StringComparison.Ordinal);

        Assert.Contains("127.0.0.1: ok", await RunAsync(IpmiPower, suite, "--on"), StringComparison.Ordinal);
        await IpmiTestApp.WaitUntilAsync(() => app.Target.IsPoweredOn, "the target to power on");
        await app.WaitUntilIdleAsync();
        Assert.Contains("127.0.0.1: on", await RunAsync(IpmiPower, suite, "--stat"), StringComparison.Ordinal);

        var boots = app.Target.BootCount;
        Assert.Contains("127.0.0.1: ok", await RunAsync(IpmiPower, suite, "--reset"), StringComparison.Ordinal);
        await IpmiTestApp.WaitUntilAsync(() => app.Target.BootCount > boots, "the target to reboot after reset");
        await app.WaitUntilIdleAsync();

        boots = app.Target.BootCount;
        Assert.Contains("127.0.0.1: ok", await RunAsync(IpmiPower, suite, "--cycle"), StringComparison.Ordinal);
        await IpmiTestApp.WaitUntilAsync(() => app.Target.BootCount > boots && app.Target.IsPoweredOn, "the target to boot again after the cycle");
        await app.WaitUntilIdleAsync();

        Assert.Contains("127.0.0.1: ok", await RunAsync(IpmiPower, suite, "--soft"), StringComparison.Ordinal);
        await IpmiTestApp.WaitUntilAsync(() => !app.Target.IsPoweredOn, "the target to shut down after the ACPI button");
        await app.WaitUntilIdleAsync();

        await app.EnsurePowerAsync(on: true);
        Assert.Contains("127.0.0.1: ok", await RunAsync(IpmiPower, suite, "--off"), StringComparison.Ordinal);
        await IpmiTestApp.WaitUntilAsync(() => !app.Target.IsPoweredOn, "the target to be forced off");

        var info = await RunAsync(BmcInfo, suite);
        Assert.Matches(@"IPMI Version\s+: 2\.0", info);
        Assert.Matches(@"Chassis Device\s+: supported", info);

        var msd = app.Factory.Services.GetRequiredService<IMassStorage>();
        await msd.DisconnectAsync();
        await msd.SetImageAsync(IpmiTestApp.ImageName, MsdMode.Flash, true);
        // ipmi-config, not ipmi-chassis: FreeIPMI 1.6.10's "ipmi-chassis --set-boot-flags --boot-device=…" writes back the device it has
        // just read instead of the one given (ipmi-chassis.c set_boot_flags tests the "option given" counter the wrong way round).
        await RunAsync(IpmiConfig, suite, "--category=chassis", "--commit", "--key-pair=Chassis_Boot_Flags:Boot_Device=CD-DVD");
        Assert.True(msd.State.Connected, "the selected image is attached");
        Assert.Equal(MsdMode.CdRom, msd.State.Mode);
        Assert.Matches(@"Boot_Device\s+CD-DVD", await RunAsync(IpmiConfig, suite, "--category=chassis", "--checkout", "--section=Chassis_Boot_Flags"));
        Assert.Matches(@"Boot device selector\s+: Force boot from default CD/DVD", await RunAsync(IpmiChassis, suite, "--get-boot-flags"));
    }

    private async Task<string> RunAsync(string tool, string suite, params string[] command)
    {
        string[] common = ["-h", $"127.0.0.1:{app.Port.ToString(CultureInfo.InvariantCulture)}", "-D", "LAN_2_0", "-I", suite, "-u", "admin", "-p", app.IpmiPasswords["admin"]];
        var (code, text, errors) = await IpmiTestApp.RunAsync(tool, [.. common, .. command]);
        Assert.True(code == 0, $"{Path.GetFileName(tool)} {string.Join(' ', command)} (suite {suite}) failed ({code}): {errors}\n{text}");
        return text;
    }
}
