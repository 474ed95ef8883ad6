namespace KvmPortal.Hardware.Video;

/// <summary>Counters of one viewer.</summary>
/// <param name="Id">Viewer number.</param>
/// <param name="Name">Label.</param>
/// <param name="Fps">Frames delivered in the last second.</param>
/// <param name="FramesDelivered">Frames delivered in total.</param>
public sealed record VideoViewerState(long Id, string Name, int Fps, long FramesDelivered);
