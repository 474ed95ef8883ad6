namespace KvmPortal.Hardware.Hid.Keymaps;

/// <summary>Swedish; the ´ ` ¨ ^ ~ keys are dead and not used.</summary>
internal static class SvLayout
{
    public const string Data = """
Backquote § ½
Digit1 1 !
Digit2 2 " @
Digit3 3 # £
Digit4 4 ¤ $
Digit5 5 % €
Digit6 6 &
Digit7 7 / {
Digit8 8 ( [
Digit9 9 ) ]
Digit0 0 = }
Minus + ? \
KeyM m M µ
BracketLeft å Å
Semicolon ö Ö
Quote ä Ä
Backslash ' *
IntlBackslash < > |
Comma , ;
Period . :
Slash - _
""";
}
