namespace KvmPortal.Hardware.Hid.Keymaps;

/// <summary>French (AZERTY); the ^ ¨ key is dead and not used.</summary>
internal static class FrLayout
{
    public const string Data = """
Backquote ²
Digit1 & 1
Digit2 é 2 ~
Digit3 " 3 #
Digit4 ' 4 {
Digit5 ( 5 [
Digit6 - 6 |
Digit7 è 7 `
Digit8 _ 8 \
Digit9 ç 9 ^
Digit0 à 0 @
Minus ) ° ]
Equal = + }
KeyQ a A
KeyW z Z
KeyE e E €
KeyA q Q
KeyZ w W
KeyM , ?
BracketRight $ £ ¤
Semicolon m M
Quote ù %
Backslash * µ
IntlBackslash < >
Comma ; .
Period : /
Slash ! §
""";
}
