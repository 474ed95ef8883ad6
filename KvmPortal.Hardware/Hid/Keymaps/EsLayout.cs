namespace KvmPortal.Hardware.Hid.Keymaps;

/// <summary>Spanish (Spain); the accent keys are dead and not used.</summary>
internal static class EsLayout
{
    public const string Data = """
Backquote º ª \
Digit1 1 ! |
Digit2 2 " @
Digit3 3 · #
Digit4 4 $ ~
Digit5 5 %
Digit6 6 & ¬
Digit7 7 /
Digit8 8 (
Digit9 9 )
Digit0 0 =
Minus ' ?
Equal ¡ ¿
KeyE e E €
BracketLeft -- -- [
BracketRight + * ]
Semicolon ñ Ñ
Quote -- -- {
Backslash ç Ç }
IntlBackslash < >
Comma , ;
Period . :
Slash - _
""";
}
