// "Copy text from screen": copies the recognized text to the clipboard; where the Clipboard API is missing or refused (plain
// http from another machine), selects the text instead so Ctrl+C copies it.
export async function copy(id) {
    const field = document.getElementById(id);
    if (!field) {
        return "missing";
    }

    try {
        await navigator.clipboard.writeText(field.value);
        return "copied";
    } catch {
        field.focus();
        field.select();
        return "selected";
    }
}
