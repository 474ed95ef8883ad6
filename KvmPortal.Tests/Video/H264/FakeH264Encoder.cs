using System.Collections.Concurrent;
using KvmPortal.Hardware.Video;
using KvmPortal.Hardware.Video.Encoders;

namespace KvmPortal.Tests.Video.H264;

/// <summary>
/// An encoder that writes minimal Annex-B access units: SPS, PPS and an IDR slice for key frames, one non-IDR slice otherwise, each
/// carrying the picture's first byte, so tests can tell which picture and which kind of frame a viewer got. Key frames come
/// when forced, at the first frame and at a new size; optionally every <see cref="VideoEncoderSettings.Gop"/> frames.
/// </summary>
internal sealed class FakeH264Encoder(VideoEncoderSettings settings, FakeH264Encoder.Log log) : IVideoEncoder
{
    private int _sinceKey = -1;

    public string Name => "fake h264";

    public VideoEncoderSettings Settings { get; private set; } = settings;

    public static byte[] Unit(bool key, byte marker) => key
        ? [0, 0, 0, 1, 0x67, 0x42, 0xC0, 0x1F, 0, 0, 0, 1, 0x68, 0xCE, 0, 0, 0, 1, 0x65, marker]
        : [0, 0, 0, 1, 0x41, marker];

    public EncodedVideoFrame? Encode(RawVideoFrame frame, bool forceKeyFrame, CancellationToken cancellationToken)
    {
        log.Gate.Wait(cancellationToken);
        log.Gate.Release();
        if (frame.Width == log.RefuseRestartToWidth && Settings.Width != frame.Width)
        {
            throw new V4l2Exception($"fake: cannot restart at {frame.Width}x{frame.Height}");
        }

        bool resized = frame.Width != Settings.Width || frame.Height != Settings.Height;
        Settings = Settings with { Width = frame.Width, Height = frame.Height };
        bool key = forceKeyFrame || _sinceKey < 0 || resized || (Settings.Gop > 0 && _sinceKey + 1 >= Settings.Gop);
        _sinceKey = key ? 0 : _sinceKey + 1;
        log.Calls.Enqueue((frame.Data[0], forceKeyFrame, key));
        return new EncodedVideoFrame(VideoCodec.H264, Unit(key, frame.Data[0]), 0, key, 0, frame.Width, frame.Height);
    }

    public bool TryChangeRate(int bitrateKbps, int gop)
    {
        if (!log.RateChangeSupported)
        {
            return false;
        }

        Settings = Settings with { BitrateKbps = bitrateKbps, Gop = gop };
        log.RateChanges.Enqueue((bitrateKbps, gop));
        return true;
    }

    public IReadOnlyList<EncodedVideoFrame> Drain(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref log.Drains);
        return [];
    }

    public void Dispose() => Interlocked.Increment(ref log.Disposed);

    internal sealed class Log : IDisposable
    {
        public int Drains;
        public int Disposed;
        public int Created;

        /// <summary>An encoder opened at another width throws when a frame of this width comes (as vicodec refuses sizes under 640x360).</summary>
        public int RefuseRestartToWidth { get; set; } = -1;

        /// <summary>Whether the encoder takes bitrate/GOP while running (as openh264 and the M2M controls do); else it is recreated.</summary>
        public bool RateChangeSupported { get; set; } = true;

        public ConcurrentQueue<(int BitrateKbps, int Gop)> RateChanges { get; } = new();

        public SemaphoreSlim Gate { get; } = new(1);

        public ConcurrentQueue<(byte Marker, bool Forced, bool Key)> Calls { get; } = new();

        public List<VideoEncoderSettings> Settings { get; } = [];

        public IVideoEncoder Create(VideoEncoderSettings settings)
        {
            Interlocked.Increment(ref Created);
            lock (Settings)
            {
                Settings.Add(settings);
            }

            return new FakeH264Encoder(settings, this);
        }

        public void Dispose() => Gate.Dispose();
    }
}
