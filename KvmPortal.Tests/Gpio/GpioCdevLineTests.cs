using KvmPortal.Hardware.Gpio;
using Xunit;

namespace KvmPortal.Tests.Gpio;

/// <summary>What can be checked of the character-device backend without a GPIO chip (this machine has neither gpio-sim nor gpio-mockup).</summary>
public sealed class GpioCdevLineTests
{
    [Fact]
    public void RequestOutput_OnAMissingChip_ThrowsGpioExceptionNamingTheChipAndErrno()
    {
        var error = Assert.Throws<GpioException>(() => GpioCdevLine.RequestOutput("/nonexistent/gpiochip9", 23, false, "kvmportal-test"));

        Assert.Equal(2, error.Errno); // ENOENT
        Assert.Contains("/nonexistent/gpiochip9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestInput_OnANonGpioDevice_ThrowsGpioExceptionFromTheIoctl()
    {
        // /dev/null opens fine but does not understand GPIO_V2_GET_LINE_IOCTL.
        var error = Assert.Throws<GpioException>(() => GpioCdevLine.RequestInput("/dev/null", 24, "kvmportal-test"));

        Assert.Contains("GPIO_V2_GET_LINE_IOCTL", error.Message, StringComparison.Ordinal);
        Assert.NotEqual(0, error.Errno);
    }
}
