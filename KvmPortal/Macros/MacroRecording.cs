using KvmPortal.Hardware.Hid;

namespace KvmPortal.Macros;

/// <summary>Per circuit: the console's recorder, and the HID output the console sends through (recorded while recording).</summary>
public sealed class MacroRecording(TimeProvider time)
{
    public MacroRecorder Recorder { get; } = new(time);

    /// <summary>Raised when recording starts or stops, or a step is added (so the panel can show the count).</summary>
    public event EventHandler? Changed;

    public IHidOutput Wrap(IHidOutput inner) => new RecordingHidOutput(inner, Recorder);

    public void NotifyChanged() => Changed?.Invoke(this, EventArgs.Empty);
}
