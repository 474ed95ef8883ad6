namespace KvmPortal.Hardware.Video.H264;

/// <summary>Receives the pictures the video pipeline accepts for encoding (changed, paced), and the placeholders it renders.</summary>
public interface IRawFrameSink
{
    /// <summary>Called on the capture thread; retain the frame to keep it beyond the call.</summary>
    /// <param name="frame">The picture.</param>
    /// <param name="state">Online for captured pictures, else the state a placeholder shows.</param>
    void OnRawFrame(RawVideoFrame frame, VideoSignalState state);

    /// <summary>Gets the sink's figures for the streamer state.</summary>
    /// <returns>A snapshot.</returns>
    H264State GetState();
}
