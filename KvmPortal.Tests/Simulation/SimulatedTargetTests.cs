using Xunit;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Options;

namespace KvmPortal.Tests.Simulation;

public sealed class SimulatedTargetTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly SimulatedTarget _target;

    public SimulatedTargetTests() => _target = new SimulatedTarget(Options.Create(new SimulationOptions()), _time);

    public void Dispose() => _target.Dispose();

    [Fact]
    public void NewTarget_IsOffWithoutSignal()
    {
        Assert.False(_target.IsPoweredOn);
        Assert.False(_target.HasSignal);
        Assert.False(_target.PowerLed);
        Assert.Equal(string.Empty, _target.ScreenText);
        Assert.Equal(0, _target.KeyboardLeds);
    }

    [Fact]
    public void ShortPowerClick_WhenOff_BootsWithoutMedia()
    {
        Click();

        Assert.True(_target.IsPoweredOn);
        Assert.True(_target.HasSignal);
        Assert.True(_target.PowerLed);
        Assert.Equal(1, _target.BootCount);
        Assert.Contains("No bootable device", _target.ScreenText, StringComparison.Ordinal);
        Assert.EndsWith("sim-target>", _target.ScreenText, StringComparison.Ordinal);
    }

    [Fact]
    public void Boot_WithAttachedIso_ShowsBootingFromImageAndLightsHddLed()
    {
        _target.MediaChanged("debian-12.7.0-amd64-netinst.iso", cdrom: true, readOnly: true);
        Click();

        Assert.Contains("Booting from debian-12.7.0-amd64-netinst.iso (CD-ROM)...", _target.ScreenLines);
        Assert.DoesNotContain("No bootable device", _target.ScreenText, StringComparison.Ordinal);
        Assert.True(_target.HddLed);
        _time.Advance(TimeSpan.FromMilliseconds(899)); // the click already held the button 100 ms after power-on
        Assert.True(_target.HddLed);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(_target.HddLed);
    }

    [Fact]
    public void MediaChange_WhileOn_PrintsNoticeAndKeepsTypedInput()
    {
        Click();
        Send(HidReports.Type("ab"));
        _target.MediaChanged("rescue.img", cdrom: false, readOnly: false);

        Assert.Contains("[media] rescue.img inserted (USB flash); reset to boot from it", _target.ScreenLines);
        Assert.EndsWith("sim-target> ab", _target.ScreenText, StringComparison.Ordinal);
    }

    [Fact]
    public void TypedText_IsEchoedWithShiftAndSymbols()
    {
        Click();
        Send(HidReports.Type("Hello, World! 0_9?"));

        Assert.EndsWith("sim-target> Hello, World! 0_9?", _target.ScreenText, StringComparison.Ordinal);
    }

    [Fact]
    public void Enter_StartsANewPromptLine()
    {
        Click();
        Send(HidReports.Type("ls\nid"));

        var lines = _target.ScreenText.Split('\n');
        Assert.Equal("sim-target> ls", lines[^2]);
        Assert.Equal("sim-target> id", lines[^1]);
    }

    [Fact]
    public void Backspace_RemovesTheLastTypedCharacterButNotThePrompt()
    {
        Click();
        Send(HidReports.Type("abc"));
        Send([HidReports.Keys(0, 0x2A), HidReports.Release()]);
        Assert.EndsWith("sim-target> ab", _target.ScreenText, StringComparison.Ordinal);

        for (var i = 0; i < 5; i++)
        {
            Send([HidReports.Keys(0, 0x2A), HidReports.Release()]);
        }

        Assert.EndsWith("sim-target>", _target.ScreenText, StringComparison.Ordinal);
    }

    [Fact]
    public void LongInput_WrapsAndBackspaceWrapsBack()
    {
        Click();
        var text = new string('x', 80 - "sim-target> ".Length) + "yz";
        Send(HidReports.Type(text));

        var lines = _target.ScreenText.Split('\n');
        Assert.Equal("yz", lines[^1]);
        Assert.Equal(80, lines[^2].Length);
        for (var i = 0; i < 3; i++)
        {
            Send([HidReports.Keys(0, 0x2A), HidReports.Release()]);
        }

        Assert.EndsWith("sim-target> " + new string('x', 80 - "sim-target> ".Length - 1), _target.ScreenText, StringComparison.Ordinal);
    }

    [Fact]
    public void ManyLines_ScrollTheBannerOffTheScreen()
    {
        Click();
        Send(HidReports.Type(new string('\n', 30)));

        Assert.DoesNotContain("Simulated BIOS", _target.ScreenText, StringComparison.Ordinal);
        Assert.Equal(25, _target.ScreenLines.Count);
        Assert.All(_target.ScreenLines, line => Assert.Equal("sim-target>", line));
        Assert.Equal((12, 24), _target.Cursor);
    }

    [Fact]
    public void HeldKey_TypesOnceUntilReleased_AndSecondKeyInSameReportTypesToo()
    {
        Click();
        _target.KeyboardReport(HidReports.Keys(0, 0x04));
        _target.KeyboardReport(HidReports.Keys(0, 0x04));
        _target.KeyboardReport(HidReports.Keys(0, 0x04, 0x05));
        _target.KeyboardReport(HidReports.Release());

        Assert.EndsWith("sim-target> ab", _target.ScreenText, StringComparison.Ordinal);
    }

    [Fact]
    public void PhantomRollOverReport_IsIgnored()
    {
        Click();
        _target.KeyboardReport(HidReports.Keys(0, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01));
        _target.KeyboardReport(HidReports.Release());

        Assert.EndsWith("sim-target>", _target.ScreenText, StringComparison.Ordinal);
    }

    [Fact]
    public void CapsLock_TogglesHostLedAndCase()
    {
        Click();
        Assert.Equal(0x01, _target.KeyboardLeds); // the simulated BIOS turns Num Lock on at boot

        Send([HidReports.Keys(0, 0x39), HidReports.Release()]);
        Assert.Equal(0x03, _target.KeyboardLeds);
        Send(HidReports.Type("aB"));
        Assert.EndsWith("sim-target> Ab", _target.ScreenText, StringComparison.Ordinal);

        Send([HidReports.Keys(0, 0x39), HidReports.Release()]);
        Assert.Equal(0x01, _target.KeyboardLeds);
    }

    [Fact]
    public void Keys_WhenOff_DoNothing()
    {
        Send(HidReports.Type("abc"));
        Send([HidReports.Keys(0, 0x39), HidReports.Release()]);

        Assert.Equal(string.Empty, _target.ScreenText);
        Assert.Equal(0, _target.KeyboardLeds);
    }

    [Fact]
    public void CtrlC_AbandonsTheLine()
    {
        Click();
        Send(HidReports.Type("oops"));
        Send([HidReports.Keys(HidReports.LeftCtrl, 0x06), HidReports.Release()]);

        var lines = _target.ScreenText.Split('\n');
        Assert.Equal("sim-target> oops^C", lines[^2]);
        Assert.Equal("sim-target>", lines[^1]);
    }

    [Fact]
    public void ShortPowerClick_WhenOn_ShutsDownGracefullyAfterTheDelay()
    {
        Click();
        Click();

        Assert.True(_target.IsShuttingDown);
        Assert.Contains("going down for power-off", _target.ScreenText, StringComparison.Ordinal);
        _time.Advance(TimeSpan.FromMilliseconds(2999));
        Assert.True(_target.IsPoweredOn);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(_target.IsPoweredOn);
        Assert.False(_target.HasSignal);
        Assert.Equal(string.Empty, _target.ScreenText);
    }

    [Fact]
    public void LongPowerPress_WhenOn_ForcesOffAfterFiveSecondsHeld()
    {
        Click();
        _target.SetPowerButton(true);
        _time.Advance(TimeSpan.FromMilliseconds(4999));
        Assert.True(_target.IsPoweredOn);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(_target.IsPoweredOn);

        _time.Advance(TimeSpan.FromMilliseconds(500));
        _target.SetPowerButton(false);
        Assert.False(_target.IsPoweredOn);
        Assert.False(_target.IsShuttingDown);
    }

    [Fact]
    public void Reset_WhenOn_Reboots_WhenOff_DoesNothing()
    {
        _target.SetResetButton(true);
        _target.SetResetButton(false);
        Assert.False(_target.IsPoweredOn);

        Click();
        Send(HidReports.Type("abc"));
        _target.SetResetButton(true);
        _target.SetResetButton(false);

        Assert.Equal(2, _target.BootCount);
        Assert.DoesNotContain("abc", _target.ScreenText, StringComparison.Ordinal);
        Assert.EndsWith("sim-target>", _target.ScreenText, StringComparison.Ordinal);
    }

    [Fact]
    public void Reset_DuringShutdown_CancelsIt()
    {
        Click();
        Click();
        _target.SetResetButton(true);
        _target.SetResetButton(false);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(_target.IsPoweredOn);
        Assert.False(_target.IsShuttingDown);
    }

    [Fact]
    public void AbsoluteMouse_ScalesToTheScreen()
    {
        _target.AbsoluteMouseReport([0x01, 0x00, 0x40, 0xFF, 0x7F, 0, 0]);

        Assert.Equal((639, 719), _target.PointerPosition);
        Assert.Equal(0x01, _target.MouseButtons);
        _target.AbsoluteMouseReport([0, 0, 0, 0, 0, 0, 0]);
        Assert.Equal((0, 0), _target.PointerPosition);
    }

    [Fact]
    public void RelativeMouse_MovesAndClampsAtTheEdges()
    {
        _target.AbsoluteMouseReport([0, 0, 0, 0, 0, 0, 0]);
        _target.RelativeMouseReport([0, 10, unchecked((byte)-5), 0, 0]);
        Assert.Equal((10, 0), _target.PointerPosition);
        _target.RelativeMouseReport([0x02, 127, 127, 0, 0]);
        Assert.Equal((137, 127), _target.PointerPosition);
        Assert.Equal(0x02, _target.MouseButtons);
    }

    private void Click()
    {
        _target.SetPowerButton(true);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        _target.SetPowerButton(false);
    }

    private void Send(IEnumerable<byte[]> reports)
    {
        foreach (var report in reports)
        {
            _target.KeyboardReport(report);
        }
    }
}
