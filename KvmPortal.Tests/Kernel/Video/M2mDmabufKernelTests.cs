using KvmPortal.Hardware.Video;
using KvmPortal.Hardware.Video.Encoders;
using KvmPortal.Hardware.Video.Interop;
using Xunit;

namespace KvmPortal.Tests.Kernel.Video;

/// <summary>
/// Zero-copy input for the M2M encoder, in the VM lab: vivid's HDMI capture buffers (YUYV 1280x720) are exported with
/// VIDIOC_EXPBUF and queued on vicodec's stateful encoder OUTPUT queue as V4L2_MEMORY_DMABUF (vb2-vmalloc on both sides: vivid
/// exports through vb2_vmalloc_get_dmabuf, vicodec imports through dma_buf_vmap). The same capture buffers also go through the
/// mmap + copy path of a second encoder instance; both bitstreams must be byte-identical, which shows the encoder read the
/// picture through the dmabuf (garbage or a stale buffer would code differently). Once single-planar, once multi-planar.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class M2mDmabufKernelTests
{
    private const string HdmiInput = "HDMI 0";
    private const int Width = 1280;
    private const int Height = 720;
    private const int Frames = 6;

    [KernelFact]
    [Trait("Category", "Kernel")]
    public void VividExportedBuffers_EncodeThroughVicodecDmabufImport_SinglePlanar() => Run(multiplanar: false);

    [KernelFact]
    [Trait("Category", "Kernel")]
    public void VividExportedBuffers_EncodeThroughVicodecDmabufImport_Multiplanar() => Run(multiplanar: true);

    private static void Run(bool multiplanar)
    {
        KernelTest.RequireVmLab();
        string mode = multiplanar ? "mplane" : "splane";
        using var vicodec = VicodecModule.Load(multiplanar);
        using var vivid = VividControl.Open();
        vivid.SelectHdmiTimings(HdmiInput, Width, Height);
        using var capture = V4l2Device.Open(vivid.Path);
        capture.SetInput((uint)vivid.InputNames.ToList().IndexOf(HdmiInput));
        V4l2Format format = capture.SetFormat(V4l2Native.FourccYuyv, Width, Height);
        Assert.Equal((V4l2Native.FourccYuyv, (uint)Width, (uint)Height), (format.PixelFormat, format.Width, format.Height));
        capture.StartStreaming(4);

        var settings = new VideoEncoderSettings { Codec = VideoCodec.Fwht, Width = Width, Height = Height, FramesPerSecond = 30, Gop = 16, FrameTimeout = TimeSpan.FromSeconds(20) };
        using var zeroCopy = V4l2M2mEncoder.OpenDmabuf(vicodec.EncoderPath, settings, V4l2Native.FourccYuyv, new ConsoleLogger<V4l2M2mEncoder>());
        using var copying = V4l2M2mEncoder.Open(vicodec.EncoderPath, settings, V4l2Native.FourccYuyv, new ConsoleLogger<V4l2M2mEncoder>());
        Assert.True(zeroCopy.DmabufInput);
        Assert.Equal(multiplanar, zeroCopy.Multiplanar);

        var exported = new Dictionary<uint, int>();
        var dmabufMs = new List<double>();
        var copyMs = new List<double>();
        try
        {
            DateTimeOffset start = new(2026, 12, 5, 4, 0, 0, TimeSpan.Zero);
            for (int i = 0; i < Frames; i++)
            {
                V4l2Buffer buffer = Dequeue(capture);
                try
                {
                    if (!exported.TryGetValue(buffer.Index, out int fd))
                    {
                        fd = capture.ExportBuffer(buffer.Index);
                        Assert.True(fd >= 0, $"EXPBUF gave fd {fd}");
                        exported[buffer.Index] = fd;
                    }

                    DateTimeOffset captured = start.AddMilliseconds(i * 33);
                    var frame = new DmabufFrame(fd, (int)buffer.BytesUsed, capture.BufferLength(buffer.Index), Width, Height, (int)format.BytesPerLine, captured);
                    long t0 = TimeProvider.System.GetTimestamp();
                    EncodedVideoFrame viaDmabuf = zeroCopy.EncodeDmabuf(frame, forceKeyFrame: false, CancellationToken.None)
                        ?? throw new InvalidOperationException($"dmabuf frame {i} was dropped");
                    dmabufMs.Add(TimeProvider.System.GetElapsedTime(t0).TotalMilliseconds);

                    using var copy = RawVideoFrame.Wrap(capture.BufferData(buffer, (int)buffer.BytesUsed).ToArray(), VideoPixelFormat.Yuyv, Width, Height, (int)format.BytesPerLine, captured);
                    long t1 = TimeProvider.System.GetTimestamp();
                    EncodedVideoFrame viaCopy = copying.Encode(copy, forceKeyFrame: false, CancellationToken.None)
                        ?? throw new InvalidOperationException($"copied frame {i} was dropped");
                    copyMs.Add(TimeProvider.System.GetElapsedTime(t1).TotalMilliseconds);

                    Assert.Equal((Width, Height), CodedFrameInspector.FwhtSize(viaDmabuf.Data.Span));
                    Assert.Equal(viaDmabuf.TimestampMicroseconds, viaCopy.TimestampMicroseconds);
                    Assert.Equal(i == 0, viaDmabuf.KeyFrame);
                    Assert.True(viaDmabuf.Data.Span.SequenceEqual(viaCopy.Data.Span),
                        $"frame {i}: the dmabuf encode ({viaDmabuf.Data.Length} B) differs from the copy encode ({viaCopy.Data.Length} B) of the same capture buffer");
                }
                finally
                {
                    capture.Requeue(buffer);
                }
            }

            // A dmabuf whose lines are laid out differently is refused (the caller copies instead), before anything is queued.
            V4l2Buffer other = Dequeue(capture);
            var wrongStride = new DmabufFrame(exported.GetValueOrDefault(other.Index, exported.Values.First()), (int)other.BytesUsed, capture.BufferLength(other.Index),
                Width, Height, (int)format.BytesPerLine + 64, start.AddSeconds(1));
            Assert.Throws<NotSupportedException>(() => zeroCopy.EncodeDmabuf(wrongStride, false, CancellationToken.None));
            capture.Requeue(other);
            Assert.Equal(Frames, zeroCopy.FramesEncoded);
            Assert.Equal(0, zeroCopy.FramesDropped);
        }
        finally
        {
            foreach (int fd in exported.Values)
            {
                _ = KvmPortal.Hardware.Interop.Libc.Close(fd);
            }
        }

        dmabufMs.Sort();
        copyMs.Sort();
        System.Console.Error.WriteLine($"m2m_vicodec_{mode}_720p_yuyv_dmabuf_encode_ms_p50: {dmabufMs[dmabufMs.Count / 2]:F1}");
        System.Console.Error.WriteLine($"m2m_vicodec_{mode}_720p_yuyv_copy_encode_ms_p50: {copyMs[copyMs.Count / 2]:F1}");
        System.Console.Error.WriteLine($"m2m_vicodec_{mode}_exported_capture_buffers: {exported.Count}");
    }

    private static V4l2Buffer Dequeue(V4l2Device capture)
    {
        long deadline = Environment.TickCount64 + 20_000;
        while (Environment.TickCount64 < deadline)
        {
            if ((capture.Poll(1000) & KvmPortal.Hardware.Interop.Libc.POLLIN) != 0 && capture.TryDequeue(out V4l2Buffer buffer))
            {
                if ((buffer.Flags & V4l2Native.V4L2_BUF_FLAG_ERROR) == 0 && buffer.BytesUsed > 0)
                {
                    return buffer;
                }

                capture.Requeue(buffer);
            }
        }

        throw new TimeoutException("vivid delivered no frame within 20 s");
    }
}
