using KvmPortal.Macros;

namespace KvmPortal.Tests.Pikvm;

/// <summary>
/// PiKVM's recorder exports a paste as <c>{"event_type": "print", "event": {text, keymap, delay}}</c> (web/share/js/kvm/recorder.js);
/// the import types the text through the keymap and waits <c>delay</c> seconds (a float 0..5, as <c>/api/hid/print</c>) before each key event.
/// </summary>
public sealed class PikvmMacroPrintTests
{
    [Fact]
    public void PrintEvent_BecomesKeyStepsWithTheDelay()
    {
        var document = MacroJson.Import("""[{"event_type": "print", "event": {"text": "Ab", "keymap": "en-us", "delay": 0.02}}]""", "paste");
        var keys = document.Steps.Where(s => s.Kind == MacroStepKind.Key).Select(s => $"{s.Code}:{(s.Pressed ? 1 : 0)}").ToList();
        Assert.Equal(["ShiftLeft:1", "KeyA:1", "KeyA:0", "ShiftLeft:0", "KeyB:1", "KeyB:0"], keys);
        var delays = document.Steps.Where(s => s.Kind == MacroStepKind.Delay).ToList();
        Assert.Equal(keys.Count, delays.Count);
        Assert.All(delays, d => Assert.Equal(20, d.Milliseconds));
        Assert.Equal(MacroStepKind.Delay, document.Steps[0].Kind); // kvmd sleeps before each key event
    }

    [Fact]
    public void PrintEvent_SlowMeans20Ms_NoDelayMeansNone()
    {
        var slow = MacroJson.Import("""[{"event_type": "print", "event": {"text": "a", "slow": true}}]""", "slow");
        Assert.All(slow.Steps.Where(s => s.Kind == MacroStepKind.Delay), d => Assert.Equal(20, d.Milliseconds));
        Assert.Equal(2, slow.Steps.Count(s => s.Kind == MacroStepKind.Delay));
        var fast = MacroJson.Import("""[{"event_type": "print", "event": {"text": "a"}}]""", "fast");
        Assert.DoesNotContain(fast.Steps, s => s.Kind == MacroStepKind.Delay);
        Assert.Equal(2, fast.Steps.Count);
    }

    [Theory]
    [InlineData("""{"text": "a", "delay": 5.5}""")]
    [InlineData("""{"text": "a", "delay": -1}""")]
    [InlineData("""{"text": "a", "delay": "fast"}""")]
    [InlineData("""{"text": "a", "keymap": "klingon"}""")]
    [InlineData("""{"text": "€", "keymap": "en-us"}""")]
    [InlineData("""{"keymap": "en-us"}""")]
    public void BadPrintEvent_IsRefusedWithAReason(string e)
    {
        var ex = Assert.Throws<FormatException>(() => MacroJson.Import($$"""[{"event_type": "print", "event": {{e}}}]""", "bad"));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }
}
