using System.Text;
using KvmPortal.Hardware.Hid.Keymaps;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Hid;

/// <summary>
/// Paste as keystrokes: text → key presses through a target layout, Shift and AltGr held across runs of characters that need them.
/// Characters the layout cannot type are reported before anything is typed. Typing is rate-limited, cancellable and never logged.
/// </summary>
public sealed class HidTyper(IHidOutput output, TimeProvider time, IOptions<HidOptions> options, ILogger<HidTyper> logger) : IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>Returns the distinct characters of <paramref name="text"/> that <paramref name="keymap"/> cannot type (\r is ignored).</summary>
    public static IReadOnlyList<string> FindUntypeable(string text, string keymap)
    {
        ArgumentNullException.ThrowIfNull(text);
        var layout = KeyboardLayouts.Get(keymap);
        var missing = new List<string>();
        foreach (var rune in Normalize(text).EnumerateRunes())
        {
            if (rune.Value != '\r' && !layout.TryGetStroke(rune, out _) && !missing.Contains(rune.ToString()))
            {
                missing.Add(rune.ToString());
            }
        }

        return missing;
    }

    /// <summary>Plans the key events that type <paramref name="text"/>; untypeable characters are skipped.</summary>
    public static IReadOnlyList<KeyEvent> Plan(string text, string keymap)
    {
        ArgumentNullException.ThrowIfNull(text);
        var layout = KeyboardLayouts.Get(keymap);
        var events = new List<KeyEvent>();
        bool shift = false, altGr = false;
        foreach (var rune in Normalize(text).EnumerateRunes())
        {
            if (!layout.TryGetStroke(rune, out var stroke))
            {
                continue;
            }

            if (shift && !stroke.Shift)
            {
                events.Add(new KeyEvent("ShiftLeft", false));
                shift = false;
            }

            if (altGr && !stroke.AltGr)
            {
                events.Add(new KeyEvent("AltRight", false));
                altGr = false;
            }

            if (stroke.AltGr && !altGr)
            {
                events.Add(new KeyEvent("AltRight", true));
                altGr = true;
            }

            if (stroke.Shift && !shift)
            {
                events.Add(new KeyEvent("ShiftLeft", true));
                shift = true;
            }

            events.Add(new KeyEvent(stroke.Code, true));
            events.Add(new KeyEvent(stroke.Code, false));
        }

        if (shift)
        {
            events.Add(new KeyEvent("ShiftLeft", false));
        }

        if (altGr)
        {
            events.Add(new KeyEvent("AltRight", false));
        }

        return events;
    }

    /// <summary>
    /// Types <paramref name="text"/> with <paramref name="keymap"/> (default from options), one key event per
    /// <see cref="HidOptions.PasteKeyDelayMs"/>. Throws <see cref="UntypeableTextException"/> before typing when a character cannot be typed,
    /// unless <paramref name="skipUntypeable"/>. On cancellation every key the paste pressed is released.
    /// </summary>
    public Task TypeAsync(string text, string? keymap = null, bool skipUntypeable = false, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default) =>
        TypeAsync(text, keymap, TimeSpan.Zero, skipUntypeable, progress, cancellationToken);

    /// <summary>As <see cref="TypeAsync(string, string?, bool, IProgress{int}?, CancellationToken)"/>, waiting at least
    /// <paramref name="minKeyDelay"/> between key events (PiKVM's <c>delay</c>); the configured delay is the floor.</summary>
    public async Task TypeAsync(string text, string? keymap, TimeSpan minKeyDelay, bool skipUntypeable = false, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        keymap ??= options.Value.DefaultKeymap;
        var missing = FindUntypeable(text, keymap);
        if (missing.Count > 0 && !skipUntypeable)
        {
            throw new UntypeableTextException(keymap, missing);
        }

        var plan = Plan(text, keymap);
        var delay = TimeSpan.FromMilliseconds(Math.Max(Math.Max(1, options.Value.PasteKeyDelayMs), minKeyDelay.TotalMilliseconds));
        await _one.WaitAsync(cancellationToken);
        var held = new List<string>();
        try
        {
            HidLog.Typing(logger, text.Length, keymap);
            for (var i = 0; i < plan.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var step = plan[i];
                output.SendKey(step.Code, step.Pressed);
                if (step.Pressed)
                {
                    if (!held.Contains(step.Code))
                    {
                        held.Add(step.Code);
                    }
                }
                else
                {
                    held.Remove(step.Code);
                }

                progress?.Report(i + 1);
                await Task.Delay(delay, time, cancellationToken);
            }
        }
        finally
        {
            for (var i = held.Count - 1; i >= 0; i--)
            {
                output.SendKey(held[i], false);
            }

            _one.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _one.Dispose();

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Normalize(NormalizationForm.FormC);
}
