using KvmPortal.Hardware.Gadget;
using KvmPortal.Hardware.Hid;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;
using static KvmPortal.Tests.Kernel.Hid.InputEvent;

namespace KvmPortal.Tests.Kernel.Hid;

/// <summary>
/// Issue 4 acceptance against the real kernel (VM lab): KvmPortal's gadget builder and UsbGadget writers on dummy_udc.0,
/// checked through the evdev events of the same kernel's USB host side.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class HidKernelTests
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(30);


    [KernelFact]
    [Trait("Category", "Kernel")]
    public async Task Paste_EnUsAndGerman_ProduceExactKeySequences()
    {
        KernelTest.RequireVmLab();

        using var session = await HidGadgetSession.StartAsync();
        using var typer = new HidTyper(session.Output, TimeProvider.System, Options.Create(HidGadgetSession.HidOptions), NullLogger<HidTyper>.Instance);

        // en-us "Hello, World!": KEY_LEFTSHIFT 42, H 35, E 18, L 38, O 24, COMMA 51, SPACE 57, W 17, R 19, D 32, 1 2.
        int[] hello =
        [
            42, 35, -35, -42, 18, -18, 38, -38, 38, -38, 24, -24, 51, -51, 57, -57,
            42, 17, -17, -42, 24, -24, 19, -19, 38, -38, 32, -32, 42, 2, -2, -42,
        ];
        await AssertTypedAsync(session, typer, "Hello, World!", "en-us", hello);

        // de "zy äÖ@": z is KEY_Y 21, y is KEY_Z 44, ä is KEY_APOSTROPHE 40, Ö is Shift + KEY_SEMICOLON 39, @ is AltGr (KEY_RIGHTALT 100) + KEY_Q 16.
        int[] german = [21, -21, 44, -44, 57, -57, 40, -40, 42, 39, -39, -42, 100, 16, -16, -100];
        await AssertTypedAsync(session, typer, "zy äÖ@", "de", german);
    }

    [KernelFact]
    [Trait("Category", "Kernel")]
    public async Task Mouse_AbsoluteRelativeWheelAndClicks_ProduceEvdevEvents()
    {
        KernelTest.RequireVmLab();

        using var session = await HidGadgetSession.StartAsync();
        var hid = session.Output;
        session.Absolute.Drain();
        session.Relative.Drain();

        hid.SendAbsoluteMove(16384, 16384);
        var abs = session.Absolute.ReadUntil(e => Has(e, EvAbs, AbsX, 16384) && Has(e, EvAbs, AbsY, 16384), EventTimeout);
        Assert.True(Has(abs, EvAbs, AbsX, 16384) && Has(abs, EvAbs, AbsY, 16384), "absolute move: " + string.Join(' ', abs));

        hid.SendMouseButton(MouseButtons.Left, true);
        hid.SendMouseButton(MouseButtons.Left, false);
        hid.SendMouseButton(MouseButtons.Right, true);
        hid.SendMouseButton(MouseButtons.Right, false);
        hid.SendWheel(1, 0);
        var clicks = session.Absolute.ReadUntil(e => Has(e, EvRel, RelWheel, 1) && Has(e, EvKey, BtnRight, 0), EventTimeout);
        Assert.Equal(
            [(BtnLeft, 1), (BtnLeft, 0), (BtnRight, 1), (BtnRight, 0)],
            clicks.Where(e => e.Type == EvKey).Select(e => (e.Code, e.Value)));
        Assert.True(Has(clicks, EvRel, RelWheel, 1), "wheel on the absolute mouse: " + string.Join(' ', clicks));

        hid.SendRelativeMove(10, -5);
        hid.SendWheel(-1, 1);
        var rel = session.Relative.ReadUntil(e => Has(e, EvRel, RelWheel, -1) && Has(e, EvRel, RelHWheel, 1), EventTimeout);
        Assert.True(Has(rel, EvRel, RelX, 10) && Has(rel, EvRel, RelY, -5), "relative move: " + string.Join(' ', rel));
        Assert.True(Has(rel, EvRel, RelWheel, -1) && Has(rel, EvRel, RelHWheel, 1), "relative wheel: " + string.Join(' ', rel));
    }

    [KernelFact]
    [Trait("Category", "Kernel")]
    public async Task CapsLockLed_SetByTheHost_IsReadBack()
    {
        KernelTest.RequireVmLab();

        using var session = await HidGadgetSession.StartAsync();
        Assert.False(session.Output.State.CapsLock);
        session.Keyboard.Write(new InputEvent(EvLed, LedCapsLock, 1), new InputEvent(EvSyn, 0, 0));
        await HidGadgetSession.WaitAsync(() => session.Output.State.CapsLock, "Caps Lock read back from /dev/hidg0");
        session.Keyboard.Write(new InputEvent(EvLed, LedCapsLock, 0), new InputEvent(EvSyn, 0, 0));
        await HidGadgetSession.WaitAsync(() => !session.Output.State.CapsLock, "Caps Lock off read back");
    }

    [KernelFact]
    [Trait("Category", "Kernel")]
    public async Task UnboundUdc_WritesGiveUpWithin100ms_AndStateSaysHostNotConnected()
    {
        KernelTest.RequireVmLab();

        using var session = await HidGadgetSession.StartAsync();
        var hid = session.Output;
        var results = new List<HidWriteResult>();
        hid.WriteCompleted += r =>
        {
            lock (results)
            {
                results.Add(r);
            }
        };
        hid.SendKey("KeyA", true);
        hid.SendKey("KeyA", false);
        await HidGadgetSession.WaitAsync(() => Count(results) >= 2, "two writes with the host connected");
        Assert.True(hid.State.HostConnected);

        session.Gadget.Unbind();
        lock (results)
        {
            results.Clear();
        }

        var time = TimeProvider.System;
        var slowestCall = TimeSpan.Zero;
        for (var i = 0; i < 10; i++)
        {
            var before = time.GetTimestamp();
            hid.SendKey("KeyB", i % 2 == 0);
            hid.SendAbsoluteMove(i * 100, i * 100);
            hid.SendRelativeMove(1, 1);
            var elapsed = time.GetElapsedTime(before);
            slowestCall = elapsed > slowestCall ? elapsed : slowestCall;
            await HidGadgetSession.WaitAsync(() => Count(results) >= 3 * (i + 1) || !hid.State.HostConnected, "write attempts");
        }

        await HidGadgetSession.WaitAsync(() => !hid.State.HostConnected, "state 'host not connected'");
        Assert.True(slowestCall < TimeSpan.FromMilliseconds(100), $"an IHidOutput call took {slowestCall.TotalMilliseconds} ms");
        List<HidWriteResult> attempts;
        lock (results)
        {
            attempts = [.. results];
        }

        Assert.NotEmpty(attempts);
        Assert.Contains(attempts, r => !r.Succeeded);
        var slowestWrite = attempts.Max(r => time.GetElapsedTime(0, r.WriteDuration));
        Assert.True(slowestWrite < TimeSpan.FromMilliseconds(100), $"a write took {slowestWrite.TotalMilliseconds} ms");
        Assert.False(hid.State.HostConnected);

        session.Gadget.Bind();
        await HidGadgetSession.WaitAsync(() => GadgetBuilder.IsHostConnected(session.Gadget.ReadUdcState("dummy_udc.0")), "re-enumeration");
        for (var i = 0; i < 50 && !hid.State.HostConnected; i++)
        {
            hid.SendKey("KeyC", true);
            hid.SendKey("KeyC", false);
            await Task.Delay(200);
        }

        Assert.True(hid.State.HostConnected, "host connected again after rebinding");
    }

    private static int Count(List<HidWriteResult> results)
    {
        lock (results)
        {
            return results.Count;
        }
    }

    private static bool Has(List<InputEvent> events, ushort type, ushort code, int value) =>
        events.Any(e => e.Type == type && e.Code == code && e.Value == value);

    private static async Task AssertTypedAsync(HidGadgetSession session, HidTyper typer, string text, string keymap, int[] expected)
    {
        session.Keyboard.Drain();

        // Read while typing: evdev's per-client buffer (64 events) would overflow if the reading started afterwards.
        var reading = Task.Run(() => session.Keyboard.ReadUntil(e => KeySequence(e).Count >= expected.Length, EventTimeout));
        await typer.TypeAsync(text, keymap);
        var events = await reading;
        Assert.Equal(expected, KeySequence(events));
    }

    // EV_KEY presses as +code and releases as -code; autorepeat (value 2) is ignored.
    private static List<int> KeySequence(List<InputEvent> events) =>
        [.. events.Where(e => e.Type == EvKey && e.Value is 0 or 1).Select(e => e.Value == 1 ? e.Code : -e.Code)];
}
