namespace KvmPortal.Hardware.Hid.Keymaps;

/// <summary>Russian (ЙЦУКЕН); Latin letters need a layout switch on the host and are not typeable.</summary>
internal static class RuLayout
{
    public const string Data = """
Backquote ё Ё
Digit1 1 !
Digit2 2 "
Digit3 3 №
Digit4 4 ;
Digit5 5 %
Digit6 6 :
Digit7 7 ?
Digit8 8 *
Digit9 9 (
Digit0 0 )
Minus - _
Equal = +
KeyQ й Й
KeyW ц Ц
KeyE у У
KeyR к К
KeyT е Е
KeyY н Н
KeyU г Г
KeyI ш Ш
KeyO щ Щ
KeyP з З
BracketLeft х Х
BracketRight ъ Ъ
KeyA ф Ф
KeyS ы Ы
KeyD в В
KeyF а А
KeyG п П
KeyH р Р
KeyJ о О
KeyK л Л
KeyL д Д
Semicolon ж Ж
Quote э Э
KeyZ я Я
KeyX ч Ч
KeyC с С
KeyV м М
KeyB и И
KeyN т Т
KeyM ь Ь
Comma б Б
Period ю Ю
Slash . ,
Backslash \ /
""";
}
