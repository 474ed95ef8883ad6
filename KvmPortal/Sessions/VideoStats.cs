namespace KvmPortal.Sessions;

/// <summary>What the browser measured over the last second: picture size, frames drawn, capture-to-display latency, and the signal state of the last frame.</summary>
public sealed record VideoStats(int Width, int Height, int Fps, long LatencyMs, Hardware.Video.VideoSignalState Signal);
