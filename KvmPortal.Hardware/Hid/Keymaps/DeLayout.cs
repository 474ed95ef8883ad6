namespace KvmPortal.Hardware.Hid.Keymaps;

/// <summary>German (QWERTZ); ^ ´ ` are dead keys and therefore not typeable.</summary>
internal static class DeLayout
{
    public const string Data = """
Backquote -- °
Digit1 1 !
Digit2 2 " ²
Digit3 3 § ³
Digit4 4 $
Digit5 5 %
Digit6 6 &
Digit7 7 / {
Digit8 8 ( [
Digit9 9 ) ]
Digit0 0 = }
Minus ß ? \
KeyQ q Q @
KeyE e E €
KeyY z Z
KeyZ y Y
KeyM m M µ
BracketLeft ü Ü
BracketRight + * ~
Backslash # '
Semicolon ö Ö
Quote ä Ä
IntlBackslash < > |
Comma , ;
Period . :
Slash - _
""";
}
