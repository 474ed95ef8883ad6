namespace KvmPortal.Hardware.Hid.Keymaps;

/// <summary>Italian.</summary>
internal static class ItLayout
{
    public const string Data = """
Backquote \ |
Digit1 1 !
Digit2 2 "
Digit3 3 £
Digit4 4 $
Digit5 5 %
Digit6 6 &
Digit7 7 /
Digit8 8 (
Digit9 9 )
Digit0 0 =
Minus ' ?
Equal ì ^
KeyE e E €
BracketLeft è é [ {
BracketRight + * ] }
Semicolon ò ç @
Quote à ° #
Backslash ù §
IntlBackslash < >
Comma , ;
Period . :
Slash - _
""";
}
