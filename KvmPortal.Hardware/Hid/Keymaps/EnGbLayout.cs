namespace KvmPortal.Hardware.Hid.Keymaps;

/// <summary>UK English (ISO): the # ~ key reports code Backslash, the extra key left of Z is IntlBackslash.</summary>
internal static class EnGbLayout
{
    public const string Data = """
Backquote ` ¬ ¦
Digit1 1 !
Digit2 2 "
Digit3 3 £
Digit4 4 $ €
Digit5 5 %
Digit6 6 ^
Digit7 7 &
Digit8 8 *
Digit9 9 (
Digit0 0 )
Minus - _
Equal = +
BracketLeft [ {
BracketRight ] }
Backslash # ~
Semicolon ; :
Quote ' @
IntlBackslash \ |
Comma , <
Period . >
Slash / ?
""";
}
