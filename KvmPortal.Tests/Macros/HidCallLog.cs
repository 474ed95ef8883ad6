using KvmPortal.Hardware.Hid;

namespace KvmPortal.Tests.Macros;

/// <summary>A test sink for IHidOutput: every call, with its arguments and the (virtual) time it arrived.</summary>
internal sealed class HidCallLog(TimeProvider time) : IHidOutput
{
    private readonly Lock _gate = new();
    private readonly List<(string Call, long Ticks)> _calls = [];

    public event EventHandler<HidState>? StateChanged
    {
        add { }
        remove { }
    }

    public HidState State => default!;

    public DateTimeOffset LastInputAt => time.GetUtcNow();

    public (int X, int Y) AbsolutePosition => (0, 0);

    public IReadOnlyList<(string Call, long Ticks)> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public bool SendKey(string code, bool pressed) => Add($"key {code} {pressed}") && code != "Unidentified";

    public void SendMouseButton(MouseButtons button, bool pressed) => Add($"button {button} {pressed}");

    public void SendAbsoluteMove(int x, int y) => Add($"move {x} {y}");

    public void SendRelativeMove(int dx, int dy) => Add($"relative {dx} {dy}");

    public void SendWheel(int vertical, int horizontal) => Add($"wheel {vertical} {horizontal}");

    public void ReleaseAll() => Add("release-all");

    private bool Add(string call)
    {
        lock (_gate)
        {
            _calls.Add((call, time.GetUtcNow().UtcTicks));
        }

        return true;
    }
}
