using KvmPortal.Hardware.Atx;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace KvmPortal.Tests.Atx;

public sealed class AtxOptionsValidatorTests
{
    private readonly AtxOptionsValidator _validator = new();

    [Fact]
    public void Defaults_AreValid()
    {
        Assert.True(_validator.Validate(null, new AtxOptions()).Succeeded);
    }

    [Fact]
    public void GpioBackend_WithoutPins_FailsNamingEachMissingKey()
    {
        var result = _validator.Validate(null, new AtxOptions { Backend = AtxBackend.Gpio });

        Assert.True(result.Failed);
        Assert.Contains("KvmPortal:Atx:PowerSwitchPin is required for the Gpio backend.", result.Failures!);
        Assert.Contains("KvmPortal:Atx:ResetSwitchPin is required for the Gpio backend.", result.Failures!);
        Assert.Contains("KvmPortal:Atx:PowerLedPin is required for the Gpio backend.", result.Failures!);
        Assert.DoesNotContain(result.Failures!, f => f.Contains("HddLedPin", StringComparison.Ordinal));
    }

    [Fact]
    public void GpioBackend_WithPiKvmPins_IsValid()
    {
        var options = new AtxOptions { Backend = AtxBackend.Gpio, PowerSwitchPin = 23, ResetSwitchPin = 27, PowerLedPin = 24, HddLedPin = 22 };

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void GpioBackend_RejectsSharedAndNegativePinsAndAMissingChip()
    {
        var options = new AtxOptions { Backend = AtxBackend.Gpio, GpioChip = " ", PowerSwitchPin = 23, ResetSwitchPin = 23, PowerLedPin = -1 };

        var failures = _validator.Validate(null, options).Failures!;

        Assert.Contains(failures, f => f.Contains("PowerSwitchPin and ResetSwitchPin use the same GPIO line 23", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("PowerLedPin (-1) is not a valid GPIO line offset", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("GpioChip is required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/dev/gpiomem")]
    [InlineData("gpiochip0")]
    [InlineData("/dev/gpiochip0/x")]
    public void GpioBackend_RejectsAChipThatIsNotADevGpiochipPath(string chip)
    {
        var options = new AtxOptions { Backend = AtxBackend.Gpio, GpioChip = chip, PowerSwitchPin = 23, ResetSwitchPin = 27, PowerLedPin = 24 };

        Assert.Contains($"KvmPortal:Atx:GpioChip '{chip}' must be a /dev/gpiochipN path.", _validator.Validate(null, options).Failures!);
    }

    [Fact]
    public void GpioBackend_RejectsAnUnknownDriver()
    {
        var options = new AtxOptions
        {
            Backend = AtxBackend.Gpio, GpioDriver = (KvmPortal.Hardware.Gpio.GpioDriverKind)42, PowerSwitchPin = 23, ResetSwitchPin = 27, PowerLedPin = 24,
        };

        Assert.Contains(_validator.Validate(null, options).Failures!, f => f.StartsWith("KvmPortal:Atx:GpioDriver '42' is not one of Auto, LibGpiodV2, LibGpiodV1, SysFs", StringComparison.Ordinal));
    }

    [Fact]
    public void Timings_OutOfRange_Fail()
    {
        var failures = _validator.Validate(null, new AtxOptions { ClickMs = 0, LongClickMs = 50, LedPollMs = 1 }).Failures!;

        Assert.Contains(failures, f => f.StartsWith("KvmPortal:Atx:ClickMs (0)", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("KvmPortal:Atx:LongClickMs (50)", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("KvmPortal:Atx:LedPollMs (1)", StringComparison.Ordinal));
    }

    [Fact]
    public void SimulatedBackend_NeedsNoPins()
    {
        Assert.True(_validator.Validate(null, new AtxOptions { Backend = AtxBackend.Simulated }).Succeeded);
    }

    [Fact]
    public async Task Disabled_ReportsDisabledAndRefusesEveryAction()
    {
        var atx = new DisabledAtxPower();

        Assert.False(atx.State.Enabled);
        await Assert.ThrowsAsync<AtxDisabledException>(() => atx.PowerAsync(AtxPowerAction.On, true, CancellationToken.None));
        await Assert.ThrowsAsync<AtxDisabledException>(() => atx.ClickAsync(AtxButton.Reset, true, CancellationToken.None));
        await Assert.ThrowsAsync<AtxDisabledException>(() => atx.PowerCycleAsync(true, CancellationToken.None));
    }

    [Fact]
    public void AddKvmAtx_RegistersTheValidatorAndTheInterface()
    {
        var services = new ServiceCollection();
        services.AddKvmAtx();

        Assert.Contains(services, d => d.ServiceType == typeof(Microsoft.Extensions.Options.IValidateOptions<AtxOptions>)
            && d.ImplementationType == typeof(AtxOptionsValidator));
        Assert.Single(services, d => d.ServiceType == typeof(IAtxPower));
        Assert.Single(services, d => d.ServiceType == typeof(Hardware.Simulation.SimulatedTarget));
    }
}
