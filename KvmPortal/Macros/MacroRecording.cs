using KvmPortal.Hardware.Hid;
using KvmPortal.Hid;

namespace KvmPortal.Macros;

/// <summary>Per circuit: the console's recorder, attached as the tap of the console's input client (records while recording).</summary>
public sealed class MacroRecording(TimeProvider time) : IInputTap
{
    public MacroRecorder Recorder { get; } = new(time);

    /// <summary>Gets the steps of the last recording, kept until saved or discarded (the Macros menu may be closed in between).</summary>
    public IReadOnlyList<MacroStep>? Recorded { get; private set; }

    /// <summary>Raised when recording starts or stops, or a step is added (so the panel can show the count).</summary>
    public event EventHandler? Changed;

    /// <summary>Starts a recording; it goes on when the Macros menu closes, until Stop or the console page goes away.</summary>
    public void Start()
    {
        Recorded = null;
        Recorder.Start();
        NotifyChanged();
    }

    public void Stop()
    {
        Recorded = Recorder.Stop();
        NotifyChanged();
    }

    /// <summary>Forgets the last recording (after it was saved).</summary>
    public void Clear()
    {
        Recorded = null;
        NotifyChanged();
    }

    private void NotifyChanged() => Changed?.Invoke(this, EventArgs.Empty);

    public void Key(string code, bool pressed) => Recorder.Add(MacroStep.Key(code, pressed));

    public void MouseButton(MouseButtons button, bool pressed) =>
        Recorder.Add(new MacroStep { Kind = MacroStepKind.MouseButton, Button = button.ToString().ToLowerInvariant(), Pressed = pressed });

    public void AbsoluteMove(int x, int y) => Recorder.Add(new MacroStep { Kind = MacroStepKind.MouseMove, X = x, Y = y });

    public void RelativeMove(int dx, int dy) => Recorder.Add(new MacroStep { Kind = MacroStepKind.MouseRelative, X = dx, Y = dy });

    public void Wheel(int vertical, int horizontal) => Recorder.Add(new MacroStep { Kind = MacroStepKind.Wheel, X = horizontal, Y = vertical });
}
