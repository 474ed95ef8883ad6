namespace KvmPortal.Hardware.Hid.Keymaps;

/// <summary>Brazilian Portuguese (ABNT2); the accent keys are dead and not used.</summary>
internal static class PtBrLayout
{
    public const string Data = """
Backquote ' "
Digit1 1 ! ¹
Digit2 2 @ ²
Digit3 3 # ³
Digit4 4 $ £
Digit5 5 % ¢
Digit6 6 -- ¬
Digit7 7 &
Digit8 8 *
Digit9 9 (
Digit0 0 )
Minus - _
Equal = + §
KeyE e E €
BracketRight [ { ª
Semicolon ç Ç
Backslash ] } º
IntlBackslash \ |
Comma , <
Period . >
Slash ; :
IntlRo / ? °
""";
}
