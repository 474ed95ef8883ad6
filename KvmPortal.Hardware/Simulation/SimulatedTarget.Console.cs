using System.Text;

namespace KvmPortal.Hardware.Simulation;

/// <summary>The simulated target's boot sequence and its little echo shell.</summary>
public sealed partial class SimulatedTarget
{
    private const int MaxInputLength = 1024;
    private const byte LedCapsLock = 0x02;
    private const byte LedScrollLock = 0x04;

    private readonly StringBuilder _input = new();
    private byte _leds;

    private void BootLocked()
    {
        _bootCount++;
        _shuttingDown = false;
        Replace(ref _shutdownTimer, null);
        _input.Clear();
        _console.Clear();
        _console.WriteLine("KvmPortal Simulated BIOS 1.0", ConsolePalette.White);
        _console.WriteLine("CPU: simulated x86-64 @ 3.00 GHz    Memory: 16384 MB OK", ConsolePalette.Gray);
        _console.WriteLine("USB: keyboard, absolute mouse, relative mouse, mass storage", ConsolePalette.Gray);
        _console.NewLine();
        if (_mediaName is { } media)
        {
            _console.WriteLine($"Booting from {media} ({DriveKind(_mediaCdrom)})...", ConsolePalette.LightCyan);
            _console.WriteLine("Welcome to the simulated target. Type here: keys are echoed.", ConsolePalette.Gray);
            _hddLed = true;
            Replace(ref _hddTimer, _time.CreateTimer(_ => OnBootMediaRead(), null, Ms(_options.BootMediaReadMs), Timeout.InfiniteTimeSpan));
        }
        else
        {
            _console.WriteLine("No bootable device -- attach virtual media and press reset.", ConsolePalette.LightRed);
            _console.WriteLine("Built-in shell started. Type here: keys are echoed.", ConsolePalette.Gray);
        }

        _console.NewLine();
        PromptLocked();
        Touch();
    }

    private void OnBootMediaRead()
    {
        lock (_gate)
        {
            if (!_hddLed)
            {
                return;
            }

            _hddLed = false;
        }

        OnStateChanged();
    }

    private void PromptLocked() => _console.Write($"{_options.HostName}> ", ConsolePalette.LightGreen);

    /// <summary>Prints a system message on its own line, then the prompt and whatever the user had typed.</summary>
    private void NoticeLocked(string message)
    {
        if (_console.CursorColumn != 0)
        {
            _console.NewLine();
        }

        _console.WriteLine(message, ConsolePalette.Yellow);
        PromptLocked();
        _console.Write(_input.ToString(), ConsolePalette.Gray);
        Touch();
    }

    /// <summary>Handles one newly pressed key usage with the modifier byte of the report it arrived in.</summary>
    private void OnKeyPressedLocked(byte usage, byte modifiers)
    {
        switch (usage)
        {
            case UsKeyboardLayout.CapsLock:
                _leds ^= LedCapsLock;
                return;
            case UsKeyboardLayout.NumLock:
                _leds ^= LedNumLock;
                return;
            case UsKeyboardLayout.ScrollLock:
                _leds ^= LedScrollLock;
                return;
        }

        if ((modifiers & (UsKeyboardLayout.ModifierAlt | UsKeyboardLayout.ModifierMeta)) != 0)
        {
            return;
        }

        if ((modifiers & UsKeyboardLayout.ModifierCtrl) != 0)
        {
            OnControlKeyLocked(usage);
            return;
        }

        switch (usage)
        {
            case UsKeyboardLayout.Enter or UsKeyboardLayout.KeypadEnter:
                _input.Clear();
                _console.NewLine();
                PromptLocked();
                break;
            case UsKeyboardLayout.Backspace:
                if (_input.Length == 0)
                {
                    return;
                }

                _input.Length--;
                _console.Backspace();
                break;
            case UsKeyboardLayout.Tab:
                TypeLocked(' ');
                break;
            default:
                var shift = (modifiers & UsKeyboardLayout.ModifierShift) != 0;
                if (UsKeyboardLayout.ToChar(usage, shift, (_leds & LedCapsLock) != 0, (_leds & LedNumLock) != 0) is not { } c)
                {
                    return;
                }

                TypeLocked(c);
                break;
        }

        Touch();
    }

    private void OnControlKeyLocked(byte usage)
    {
        const byte KeyC = 0x06;
        const byte KeyL = 0x0F;
        if (usage == KeyC)
        {
            _console.Write("^C", ConsolePalette.Gray);
            _console.NewLine();
        }
        else if (usage == KeyL)
        {
            _console.Clear();
        }
        else
        {
            return;
        }

        _input.Clear();
        PromptLocked();
        Touch();
    }

    private void TypeLocked(char c)
    {
        if (_input.Length >= MaxInputLength)
        {
            return;
        }

        _input.Append(c);
        _console.Put(c, ConsolePalette.Gray);
    }
}
