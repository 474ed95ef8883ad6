using KvmPortal.Hardware.Gpio;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace KvmPortal.Tests.Gpio;

/// <summary>
/// What can be checked of the System.Device.Gpio provider without a GPIO chip (this machine has none; the kernel tests in
/// Kernel/Gpio run it against gpio-sim): driver selection, the failure messages and the log line naming each driver's reason.
/// </summary>
public sealed class DeviceGpioLineProviderTests
{
    [Fact]
    public void Auto_WithNoChip_TriesV2ThenV1ThenSysFs_AndFailsNamingEachReason()
    {
        var logger = new ListLogger<DeviceGpioLineProvider>();
        var provider = new DeviceGpioLineProvider(logger);

        var error = Assert.Throws<GpioException>(() => provider.OpenChip("/dev/gpiochip97", GpioDriverKind.Auto));

        Assert.StartsWith("No GPIO driver can open /dev/gpiochip97 (setting Auto): LibGpiodV2: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("; LibGpiodV1: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("; SysFs: ", error.Message, StringComparison.Ordinal);
        var unavailable = logger.Entries.Where(e => e.Message.StartsWith("GPIO driver ", StringComparison.Ordinal)).Select(e => e.Message).ToList();
        Assert.Equal(3, unavailable.Count);
        Assert.StartsWith("GPIO driver LibGpiodV2 cannot open /dev/gpiochip97: ", unavailable[0], StringComparison.Ordinal);
        Assert.StartsWith("GPIO driver LibGpiodV1 cannot open /dev/gpiochip97: ", unavailable[1], StringComparison.Ordinal);
        Assert.StartsWith("GPIO driver SysFs cannot open /dev/gpiochip97: ", unavailable[2], StringComparison.Ordinal);
    }

    [Fact]
    public void LibGpiodV2_IsNotInstalledOnDebian12_AndANamedDriverIsTheOnlyOneTried()
    {
        var logger = new ListLogger<DeviceGpioLineProvider>();
        var provider = new DeviceGpioLineProvider(logger);

        var error = Assert.Throws<GpioException>(() => provider.OpenChip("/dev/gpiochip0", GpioDriverKind.LibGpiodV2));

        // Debian 12 ships libgpiod 1.6.3 (libgpiod.so.2); the v2 driver needs libgpiod.so.3.
        Assert.Contains("libgpiod", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LibGpiodV1", error.Message, StringComparison.Ordinal);
        Assert.Single(logger.Entries, e => e.Level == LogLevel.Information && e.Message.StartsWith("GPIO driver LibGpiodV2 cannot open", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/dev/null")]
    [InlineData("/dev/gpiomem")]
    public void APathThatIsNotAGpiochip_IsRefusedBeforeAnyDriverIsTried(string path)
    {
        var logger = new ListLogger<DeviceGpioLineProvider>();

        var error = Assert.Throws<GpioException>(() => new DeviceGpioLineProvider(logger).OpenChip(path, GpioDriverKind.Auto));

        Assert.Equal($"GPIO chip '{path}' is not a /dev/gpiochipN path.", error.Message);
        Assert.Empty(logger.Entries);
    }
}
