using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Video;

public static partial class VideoBenchmark
{
    /// <summary>Runs the real pipeline on a paced 1080p30 source: a static screen (encodes must stop) and a changing one with 1 and 16 consumers.</summary>
    private static async Task RunPipelineAsync(TextWriter output, byte[] rgb1080, TimeSpan duration, CancellationToken cancellationToken)
    {
        const int width = 1920, height = 1080, fps = 30;
        byte[] copy = (byte[])rgb1080.Clone();
        byte[] other = SyntheticFrames.CreateRgb24(width, height, seed: 7);

        var still = await MeasurePipeline(new BenchmarkVideoSource(rgb1080, copy, width, height, fps, TimeProvider.System), 1, duration, cancellationToken);
        await output.WriteLineAsync(F($"static_1080p30_captured_fps: {still.State.CapturedFps}"));
        await output.WriteLineAsync(F($"static_1080p30_encoded_fps: {still.State.EncodedFps}"));
        await output.WriteLineAsync(F($"static_1080p30_encodes_total: {still.State.EncodesPerformed}"));
        await output.WriteLineAsync(F($"static_1080p30_cpu_percent: {still.CpuPercent:0.0}"));

        foreach (int consumers in new[] { 1, 16 })
        {
            var moving = await MeasurePipeline(new BenchmarkVideoSource(rgb1080, other, width, height, fps, TimeProvider.System), consumers, duration, cancellationToken);
            await output.WriteLineAsync(F($"changing_1080p30_{consumers}_consumers_encoded_fps: {moving.State.EncodedFps}"));
            await output.WriteLineAsync(F($"changing_1080p30_{consumers}_consumers_delivered_fps_min: {moving.MinDeliveredFps:0.0}"));
            await output.WriteLineAsync(F($"changing_1080p30_{consumers}_consumers_cpu_percent: {moving.CpuPercent:0.0}"));
        }
    }

    private static async Task<PipelineResult> MeasurePipeline(BenchmarkVideoSource source, int consumers, TimeSpan duration, CancellationToken cancellationToken)
    {
        var options = Options.Create(new VideoOptions { DesiredFps = 0, IdleStopSeconds = -1, JpegQuality = Quality });
        using var streamer = new VideoStreamer(source, options, TimeProvider.System, NullLogger<VideoStreamer>.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await streamer.StartAsync(cancellationToken);
        var viewers = Enumerable.Range(0, consumers).Select(i => streamer.AddViewer("bench-" + i.ToString(CultureInfo.InvariantCulture))).ToList();
        var loops = viewers.Select(v => Consume(streamer, v, stop.Token)).ToList();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, cancellationToken); // warm-up; the first frame is always encoded
            var delivered = viewers.Select(v => v.FramesDelivered).ToArray();
            TimeSpan cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            long start = TimeProvider.System.GetTimestamp();
            await Task.Delay(duration, TimeProvider.System, cancellationToken);
            TimeSpan wall = TimeProvider.System.GetElapsedTime(start);
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart) / wall * 100;
            double minFps = viewers.Select((v, i) => (v.FramesDelivered - delivered[i]) / wall.TotalSeconds).Min();
            return new PipelineResult(streamer.GetState(), cpu, minFps);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(loops);
            viewers.ForEach(v => v.Dispose());
            await streamer.StopAsync(CancellationToken.None);
        }
    }

    private static async Task Consume(VideoStreamer streamer, VideoViewer viewer, CancellationToken cancellationToken)
    {
        long sequence = 0;
        try
        {
            while (true)
            {
                JpegFrame frame = await streamer.WaitNextAsync(sequence, cancellationToken);
                sequence = frame.Sequence;
                viewer.MarkDelivered(frame);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private readonly record struct PipelineResult(VideoStreamState State, double CpuPercent, double MinDeliveredFps);
}
