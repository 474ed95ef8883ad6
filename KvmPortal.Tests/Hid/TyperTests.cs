using Xunit;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hardware.Hid.Keymaps;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KvmPortal.Tests.Hid;

public class TyperTests
{
    private static string Render(IEnumerable<KeyEvent> events) =>
        string.Join(' ', events.Select(e => (e.Pressed ? "+" : "-") + e.Code));

    [Fact]
    public void HelloWorld_EnUs_HoldsShiftOnlyForCapitalsAndBang()
    {
        var plan = HidTyper.Plan("Hello, World!", "en-us");
        Assert.Equal(
            "+ShiftLeft +KeyH -KeyH -ShiftLeft +KeyE -KeyE +KeyL -KeyL +KeyL -KeyL +KeyO -KeyO +Comma -Comma +Space -Space " +
            "+ShiftLeft +KeyW -KeyW -ShiftLeft +KeyO -KeyO +KeyR -KeyR +KeyL -KeyL +KeyD -KeyD +ShiftLeft +Digit1 -Digit1 -ShiftLeft",
            Render(plan));
    }

    [Fact]
    public void German_SwapsYAndZ_AndTypesUmlautAndAltGrCharacters()
    {
        Assert.Equal("+KeyY -KeyY +KeyZ -KeyZ +Space -Space +Quote -Quote", Render(HidTyper.Plan("zy ä", "de")));
        Assert.Equal("+AltRight +KeyQ -KeyQ -AltRight +ShiftLeft +Semicolon -Semicolon -ShiftLeft", Render(HidTyper.Plan("@Ö", "de")));
    }

    [Theory]
    [InlineData("fr", 'a', "KeyQ", false, false)]
    [InlineData("fr", '1', "Digit1", true, false)]
    [InlineData("fr", '@', "Digit0", false, true)]
    [InlineData("en-gb", '£', "Digit3", true, false)]
    [InlineData("en-gb", '\\', "IntlBackslash", false, false)]
    [InlineData("es", 'ñ', "Semicolon", false, false)]
    [InlineData("it", '{', "BracketLeft", true, true)]
    [InlineData("pt-br", '?', "IntlRo", true, false)]
    [InlineData("sv", 'å', "BracketLeft", false, false)]
    [InlineData("ru", 'я', "KeyZ", false, false)]
    [InlineData("ru", 'Ж', "Semicolon", true, false)]
    [InlineData("ja", '@', "BracketLeft", false, false)]
    [InlineData("ja", '_', "IntlRo", true, false)]
    public void Layouts_MapCharactersToKeys(string keymap, char c, string code, bool shift, bool altGr)
    {
        Assert.True(KeyboardLayouts.Get(keymap).TryGetStroke(new System.Text.Rune(c), out var stroke));
        Assert.Equal(new KeyStroke(code, shift, altGr), stroke);
    }

    [Fact]
    public void EveryLayout_TypesDigitsSpaceAndNewline()
    {
        foreach (var name in KeyboardLayouts.Names)
        {
            Assert.Empty(HidTyper.FindUntypeable("0123456789 \n\t.,", name));
        }
    }

    [Fact]
    public void Untypeable_ReportedDistinctAndInOrder()
    {
        Assert.Equal(["^", "`"], HidTyper.FindUntypeable("a^b^c`", "de"));
        Assert.Equal(["a", "b"], HidTyper.FindUntypeable("aпbа", "ru"));
        Assert.Equal(["€"], HidTyper.FindUntypeable("5€\r\n", "en-us"));
        Assert.Empty(HidTyper.FindUntypeable("Straße", "de"));
    }

    [Fact]
    public async Task TypeAsync_RefusesUntypeableBeforeTypingAnything()
    {
        var time = new ManualTimeProvider();
        var output = new RecordingHidOutput(time);
        using var typer = new HidTyper(output, time, Options.Create(new HidOptions()), NullLogger<HidTyper>.Instance);
        var error = await Assert.ThrowsAsync<UntypeableTextException>(() => typer.TypeAsync("ok€", "en-us"));
        Assert.Equal(["€"], error.Characters);
        Assert.Empty(output.Calls);
    }

    [Fact]
    public async Task TypeAsync_IsPacedByTheTimeProvider_AndCancelReleasesHeldKeys()
    {
        var time = new ManualTimeProvider();
        var output = new RecordingHidOutput(time);
        using var typer = new HidTyper(output, time, Options.Create(new HidOptions { PasteKeyDelayMs = 20 }), NullLogger<HidTyper>.Instance);
        using var cts = new CancellationTokenSource();
        var task = typer.TypeAsync("AB", "en-us", cancellationToken: cts.Token);
        Assert.Equal(["key ShiftLeft True"], output.Calls);
        time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(2, output.Calls.Count);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.Equal(["key ShiftLeft True", "key KeyA True", "key KeyA False", "key ShiftLeft False"], output.Calls);
    }
}
