using KvmPortal.Hardware.Atx;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace KvmPortal.Tests.Atx;

/// <summary>The GPIO ATX backend on fake lines and a manual clock, shared by its test classes.</summary>
public abstract class GpioAtxPowerTestBase : IDisposable
{
    protected const int PowerSwitch = 23;
    protected const int ResetSwitch = 27;
    protected const int PowerLed = 24;
    protected const int HddLed = 22;

    private protected ManualTimeProvider Time { get; } = new();
    private protected FakeGpioLines Lines { get; }

    protected GpioAtxPowerTestBase() => Lines = new FakeGpioLines(Time);

    private protected GpioAtxPower Atx
    {
        get => UseAtx ??= Create(new AtxOptions());
        set => UseAtx = value;
    }

    private GpioAtxPower? UseAtx { get; set; }

    public void Dispose()
    {
        UseAtx?.Dispose();
        GC.SuppressFinalize(this);
    }

    private protected GpioAtxPower Create(AtxOptions options, bool withHddLed = true)
    {
        options.PowerSwitchPin = PowerSwitch;
        options.ResetSwitchPin = ResetSwitch;
        options.PowerLedPin = PowerLed;
        options.HddLedPin = withHddLed ? HddLed : null;
        return new GpioAtxPower(Options.Create(options), Lines, Time, NullLogger<GpioAtxPower>.Instance);
    }

    private protected void SetPowerLed(bool on)
    {
        Lines[PowerLed].High = on;
        Time.AdvanceInline(TimeSpan.FromMilliseconds(200));
        Assert.Equal(on, Atx.State.PowerLed);
    }
}
