using System.Net;
using System.Net.Sockets;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Hardware.Wol;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace KvmPortal.Tests.Wol;

public sealed class WakeOnLanTests
{
    [Fact]
    public async Task Udp_SendsTheMagicPacketThatALoopbackListenerReceivesByteForByte()
    {
        using var listener = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)listener.Client.LocalEndPoint!).Port;
        var wol = new UdpWakeOnLan(
            Options.Create(new WolOptions { Backend = WolBackend.Udp, Mac = "52-54-00-AB-cd-0F", Address = "127.0.0.1", Port = port }),
            NullLogger<UdpWakeOnLan>.Instance);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var receive = listener.ReceiveAsync(timeout.Token);
        await wol.SendAsync(timeout.Token);
        var datagram = await receive;

        var expected = new List<byte> { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
        for (var i = 0; i < 16; i++)
        {
            expected.AddRange(new byte[] { 0x52, 0x54, 0x00, 0xAB, 0xCD, 0x0F });
        }

        Assert.Equal(102, datagram.Buffer.Length);
        Assert.Equal(expected, datagram.Buffer);
        Assert.Equal("52:54:00:ab:cd:0f", wol.TargetMac);
    }

    [Theory]
    [InlineData("52:54:00:12:34:56")]
    [InlineData("52-54-00-12-34-56")]
    [InlineData("5254.0012.3456")]
    [InlineData("525400123456")]
    [InlineData("  52:54:00:12:34:56 ")]
    public void Parse_AcceptsTheCommonSpellings(string text)
    {
        Assert.Equal(new byte[] { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 }, MacAddressParser.Parse(text));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("52:54:00:12:34", "6 groups of 2 hex digits")]
    [InlineData("52:54:00:12:34:5", "6 groups of 2 hex digits")]
    [InlineData("5254.0012.34", "3 groups of 4 hex digits")]
    [InlineData("52540012345", "11 hex digits; it needs 12")]
    [InlineData("52:54:00:12:34:zz", "contains 'z'")]
    [InlineData("00:00:00:00:00:00", "not a network card")]
    [InlineData("ff:ff:ff:ff:ff:ff", "multicast or broadcast")]
    [InlineData("01:00:5e:00:00:01", "multicast or broadcast")]
    public void Parse_RejectsMistakesWithAClearMessage(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => MacAddressParser.Parse(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_ChecksMacAddressAndPortForUdpOnly()
    {
        var validator = new WolOptionsValidator();

        var failures = validator.Validate(null, new WolOptions { Backend = WolBackend.Udp, Mac = "xx", Address = "host", Port = 0 }).Failures!;
        Assert.Equal(3, failures.Count());
        Assert.Contains(failures, f => f.StartsWith("KvmPortal:Wol:Mac:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("KvmPortal:Wol:Address 'host'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("KvmPortal:Wol:Port (0)", StringComparison.Ordinal));
        Assert.True(validator.Validate(null, new WolOptions { Backend = WolBackend.Simulated }).Succeeded);
        Assert.True(validator.Validate(null, new WolOptions { Backend = WolBackend.Udp, Mac = "52:54:00:12:34:56" }).Succeeded);
    }

    [Fact]
    public async Task Simulated_PowersOnAnOffTargetAndLeavesARunningOneAlone()
    {
        using var target = new SimulatedTarget(Options.Create(new SimulationOptions()), new ManualTimeProvider());
        var wol = new SimulatedWakeOnLan(target);

        await wol.SendAsync(CancellationToken.None);
        Assert.True(target.IsPoweredOn);
        await wol.SendAsync(CancellationToken.None);
        Assert.True(target.IsPoweredOn);
        Assert.False(target.IsShuttingDown);
        Assert.Equal(1, target.BootCount);
    }

    [Fact]
    public async Task Disabled_Refuses()
    {
        var wol = new DisabledWakeOnLan();
        Assert.False(wol.Enabled);
        await Assert.ThrowsAsync<WolDisabledException>(() => wol.SendAsync(CancellationToken.None));
    }
}
