namespace KvmPortal.Hardware.Hid.Keymaps;

/// <summary>Japanese (JIS 109) in direct (Latin) input mode; kana input is not supported.</summary>
internal static class JaLayout
{
    public const string Data = """
Digit1 1 !
Digit2 2 "
Digit3 3 #
Digit4 4 $
Digit5 5 %
Digit6 6 &
Digit7 7 '
Digit8 8 (
Digit9 9 )
Digit0 0
Minus - =
Equal ^ ~
BracketLeft @ `
BracketRight [ {
Semicolon ; +
Quote : *
Backslash ] }
Comma , <
Period . >
Slash / ?
IntlRo \ _
IntlYen \ |
""";
}
