using KvmPortal.Hardware.Video;

namespace KvmPortal.Tests.Kernel.Video;

/// <summary>Waiting on a real <see cref="VideoStreamer"/> in the VM lab: for a wanted frame, and for the streamer to stop.</summary>
internal static class KernelStreamer
{
    /// <summary>How long one wanted frame may take (TCG guest on a loaded machine).</summary>
    public static readonly TimeSpan FrameTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The first frame after <paramref name="after"/> that <paramref name="wanted"/> accepts; frames are logged to stderr (each one, or only the one found).</summary>
    public static async Task<JpegFrame> WaitForFrameAsync(VideoStreamer streamer, long after, Func<JpegFrame, bool> wanted, string what, bool logEveryFrame)
    {
        using var timeout = new CancellationTokenSource(FrameTimeout);
        long sequence = after;
        try
        {
            while (true)
            {
                JpegFrame frame = await streamer.WaitNextAsync(sequence, timeout.Token);
                bool found = wanted(frame);
                if (found || logEveryFrame)
                {
                    System.Console.Error.WriteLine($"  frame {frame.Sequence}: {frame.Width}x{frame.Height} {frame.State} {frame.Data.Length} B");
                }

                if (found)
                {
                    return frame;
                }

                sequence = frame.Sequence;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {what} within {FrameTimeout.TotalSeconds} s; state: {streamer.GetState()}");
        }
    }

    /// <summary>Stops the streamer, giving its threads 20 s (a stuck one is reported, not waited for).</summary>
    public static async Task StopQuicklyAsync(VideoStreamer streamer)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await streamer.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            System.Console.Error.WriteLine("video streamer threads did not stop within 20 s");
        }
    }
}
