using Xunit;
using KvmPortal.Hardware.Hid;

namespace KvmPortal.Tests.Hid;

public class HidKeyTableTests
{
    [Theory]
    [InlineData("KeyA", 0x04, 1)]
    [InlineData("Digit0", 0x27, 36)]
    [InlineData("Enter", 0x28, 37)]
    [InlineData("Quote", 0x34, 48)]
    [InlineData("PrintScreen", 0x46, 66)]
    [InlineData("MetaRight", 0xE7, 84)]
    [InlineData("NumpadEnter", 0x58, 93)]
    [InlineData("IntlBackslash", 0x64, 106)]
    [InlineData("IntlYen", 0x89, 107)]
    [InlineData("IntlRo", 0x87, 108)]
    [InlineData("KanaMode", 0x88, 109)]
    [InlineData("Convert", 0x8A, 110)]
    [InlineData("NonConvert", 0x8B, 111)]
    [InlineData("Lang1", 0x90, 0)]
    [InlineData("Lang2", 0x91, 0)]
    [InlineData("AudioVolumeMute", 0x7F, 112)]
    [InlineData("F13", 0x68, 120)]
    [InlineData("F24", 0x73, 119)]
    public void KnownCodes_MapToUsageAndMcuCode(string code, int usage, int mcu)
    {
        Assert.True(HidKeyTable.TryGet(code, out var key));
        Assert.Equal(usage, key.Usage);
        Assert.Equal(mcu, key.McuCode);
    }

    [Fact]
    public void Table_CoversUs104AndHasUniqueUsagesAndMcuCodes()
    {
        Assert.True(HidKeyTable.All.Count >= 104 + 9);
        Assert.Equal(HidKeyTable.All.Count, HidKeyTable.All.Select(k => k.Usage).Distinct().Count());
        var mcu = HidKeyTable.All.Where(k => k.McuCode != 0).Select(k => (int)k.McuCode).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 126), mcu);
        Assert.Equal(8, HidKeyTable.All.Count(k => k.IsModifier));
    }

    [Theory]
    [InlineData("MediaPlayPause")]
    [InlineData("BrowserBack")]
    [InlineData("keya")]
    public void ConsumerPageAndUnknownCodes_AreRejected(string code) => Assert.False(HidKeyTable.TryGet(code, out _));
}
