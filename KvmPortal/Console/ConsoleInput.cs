using KvmPortal.Hardware.Hid;
using KvmPortal.Hid;
using KvmPortal.Video;
using Microsoft.JSInterop;

namespace KvmPortal.Console;

/// <summary>
/// The console's input endpoint on the Blazor circuit: the browser script calls these methods in order, and each goes through this tab's
/// <see cref="InputClient"/> (the input gate decides; a refused event changes nothing). Keys and buttons this console pressed are
/// released when it loses focus, when the circuit's connection drops, and when it closes.
/// </summary>
public sealed class ConsoleInput(InputClient client) : IDisposable
{
    /// <summary>Raised once a second with the browser's video figures.</summary>
    public event EventHandler<VideoStats>? VideoStatsReceived;

    /// <summary>Raised when a finger touches the picture (the page then offers the on-screen keyboard).</summary>
    public event EventHandler? Touched;

    /// <summary>Raised when the browser captures the mouse (pointer lock) or releases it.</summary>
    public event EventHandler<bool>? CaptureChanged;

    public InputClient Client { get; } = client;

    public long RefusedCount => Client.RefusedCount;

    public long SentCount => Client.SentCount;

    [JSInvokable]
    public bool OnKey(string code, bool pressed) =>
        !string.IsNullOrEmpty(code) && code.Length <= 32 && Client.SendKey(code, pressed);

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
        if (mapped == MouseButtons.None)
        {
            return false;
        }

        var before = Client.SentCount;
        Client.SendMouseButton(mapped, pressed);
        return Client.SentCount != before;
    }

    [JSInvokable]
    public bool OnMouseAbsolute(int x, int y) => Sent(() => Client.SendAbsoluteMove(x, y));

    [JSInvokable]
    public bool OnMouseRelative(int dx, int dy) => Sent(() => Client.SendRelativeMove(dx, dy));

    [JSInvokable]
    public bool OnWheel(int vertical, int horizontal) => Sent(() => Client.SendWheel(vertical, horizontal));

    [JSInvokable]
    public void OnReleaseAll() => ReleaseMine();

    [JSInvokable]
    public void OnVideoStats(int width, int height, int framesDrawn, long latencyMs, int signal, string codec, int kbps) =>
        VideoStatsReceived?.Invoke(this, new VideoStats(
            width, height, framesDrawn, latencyMs < 0 ? null : latencyMs, (Hardware.Video.VideoSignalState)signal, codec is "h264" or "mjpeg" ? codec : "", Math.Max(0, kbps)));

    [JSInvokable]
    public void OnTouched() => Touched?.Invoke(this, EventArgs.Empty);

    [JSInvokable]
    public void OnCaptureChanged(bool captured) => CaptureChanged?.Invoke(this, captured);

    /// <summary>Releases what this console holds down (focus lost, connection down, control taken away).</summary>
    public void ReleaseMine() => Client.ReleaseAll();

    public void Dispose() => Client.Dispose();

    private bool Sent(Action send)
    {
        var before = Client.SentCount;
        send();
        return Client.SentCount != before;
    }
}
