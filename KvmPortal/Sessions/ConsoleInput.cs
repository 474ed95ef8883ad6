using KvmPortal.Hardware.Hid;
using Microsoft.JSInterop;

namespace KvmPortal.Sessions;

/// <summary>
/// The console's input endpoint on the Blazor circuit: the browser script calls these methods in order. Every event is checked
/// against <see cref="ConsolePresence.MaySendInput"/> on the server; a refused event changes nothing. Keys and buttons this console
/// pressed are released when it loses focus, when the circuit's connection drops, and when it closes.
/// </summary>
public sealed partial class ConsoleInput(ConsoleSession session, ConsolePresence presence, IHidOutput hid, ILogger<ConsoleInput> logger) : IDisposable
{
    private readonly HashSet<string> _keysDown = [];
    private MouseButtons _buttons;
    private int _disposed;

    /// <summary>Raised with a one-line reason when an input event is refused, so the page can say why.</summary>
    public event EventHandler<string>? Refused;

    /// <summary>Raised once a second with the browser's video figures (width, height, fps, capture-to-display latency).</summary>
    public event EventHandler<VideoStats>? VideoStatsReceived;

    public long RefusedCount { get; private set; }

    public long SentCount { get; private set; }

    [JSInvokable]
    public bool OnKey(string code, bool pressed)
    {
        if (!Allowed() || string.IsNullOrEmpty(code) || code.Length > 32)
        {
            return false;
        }

        if (pressed)
        {
            _keysDown.Add(code);
        }
        else
        {
            _keysDown.Remove(code);
        }

        return Sent(hid.SendKey(code, pressed));
    }

    [JSInvokable]
    public bool OnMouseButton(int button, bool pressed)
    {
        var mapped = button switch
        {
            0 => MouseButtons.Left,
            1 => MouseButtons.Middle,
            2 => MouseButtons.Right,
            3 => MouseButtons.Back,
            4 => MouseButtons.Forward,
            _ => MouseButtons.None,
        };
        if (mapped == MouseButtons.None || !Allowed())
        {
            return false;
        }

        _buttons = pressed ? _buttons | mapped : _buttons & ~mapped;
        hid.SendMouseButton(mapped, pressed);
        return Sent(true);
    }

    [JSInvokable]
    public bool OnMouseAbsolute(int x, int y)
    {
        if (!Allowed())
        {
            return false;
        }

        hid.SendAbsoluteMove(Math.Clamp(x, 0, 32767), Math.Clamp(y, 0, 32767));
        return Sent(true);
    }

    [JSInvokable]
    public bool OnMouseRelative(int dx, int dy)
    {
        if (!Allowed())
        {
            return false;
        }

        hid.SendRelativeMove(dx, dy);
        return Sent(true);
    }

    [JSInvokable]
    public bool OnWheel(int vertical, int horizontal)
    {
        if (!Allowed())
        {
            return false;
        }

        hid.SendWheel(Math.Clamp(vertical, -127, 127), Math.Clamp(horizontal, -127, 127));
        return Sent(true);
    }

    [JSInvokable]
    public void OnReleaseAll() => ReleaseMine();

    [JSInvokable]
    public void OnVideoStats(int width, int height, int fps, long latencyMs, int signal) =>
        VideoStatsReceived?.Invoke(this, new VideoStats(width, height, fps, latencyMs, (Hardware.Video.VideoSignalState)signal));

    /// <summary>Releases what this console holds down (focus lost, connection down, control taken away).</summary>
    public void ReleaseMine()
    {
        foreach (var code in _keysDown)
        {
            hid.SendKey(code, false);
        }

        _keysDown.Clear();
        foreach (var button in Enum.GetValues<MouseButtons>().Where(b => b != MouseButtons.None && _buttons.HasFlag(b)))
        {
            hid.SendMouseButton(button, false);
        }

        _buttons = MouseButtons.None;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            ReleaseMine();
        }
    }

    private bool Allowed()
    {
        if (Volatile.Read(ref _disposed) == 0 && presence.MaySendInput(session))
        {
            return true;
        }

        RefusedCount++;
        LogRefused(logger, session.UserName);
        Refused?.Invoke(this, session.ViewOnly ? "You are in view-only mode." : session.MayControl ? "Another user holds the keyboard and mouse." : "Your role may only watch.");
        return false;
    }

    private bool Sent(bool ok)
    {
        if (ok)
        {
            SentCount++;
        }

        return ok;
    }

    // The key itself is never logged, only that input was refused.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused console input from {User}")]
    private static partial void LogRefused(ILogger logger, string user);
}
