using System.Runtime.InteropServices;
using KvmPortal.Hardware.Video.Interop;

namespace KvmPortal.Hardware.Video;

/// <summary>
/// A TurboJPEG compressor that reuses its tjhandle, its output buffer and its I420 scratch planes.
/// Not thread-safe: use one per worker thread. Output is 4:2:0.
/// </summary>
public sealed unsafe class JpegEncoder : IDisposable
{
    private nint _handle;
    private byte* _output;
    private nuint _outputCapacity;
    private byte* _planes;
    private nuint _planesCapacity;
    private int _length;

    /// <summary>Initializes a new instance of the <see cref="JpegEncoder"/> class.</summary>
    public JpegEncoder()
    {
        TurboJpegNative.EnsureResolver();
        _handle = TurboJpegNative.InitCompress();
        if (_handle == 0)
        {
            throw new InvalidOperationException("tjInitCompress failed");
        }
    }

    /// <summary>Gets the most recent output (valid until the next call to Encode or Dispose).</summary>
    public ReadOnlySpan<byte> LastOutput => _output == null ? default : new ReadOnlySpan<byte>(_output, _length);

    /// <summary>Compresses a raw frame and returns the JPEG (valid until the next call on this encoder).</summary>
    /// <param name="source">The pixels.</param>
    /// <param name="format">Their layout (not <see cref="VideoPixelFormat.Mjpeg"/>).</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="stride">Bytes per row; 0 = tightly packed.</param>
    /// <param name="quality">JPEG quality 1..100.</param>
    /// <returns>The compressed bytes.</returns>
    public ReadOnlySpan<byte> Encode(ReadOnlySpan<byte> source, VideoPixelFormat format, int width, int height, int stride, int quality)
    {
        ObjectDisposedException.ThrowIf(_handle == 0, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        quality = Math.Clamp(quality, 1, 100);
        int bytesPerPixel = BytesPerPixel(format);
        if (stride <= 0)
        {
            stride = width * bytesPerPixel;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(stride, width * bytesPerPixel);
        if (source.Length < ((long)stride * (height - 1)) + ((long)width * bytesPerPixel))
        {
            throw new ArgumentException("The buffer is smaller than the frame geometry.", nameof(source));
        }

        EnsureOutput(width, height);
        CULong size = new(_outputCapacity);
        byte* output = _output;
        int rc;
        fixed (byte* src = source)
        {
            if (format is VideoPixelFormat.Yuyv or VideoPixelFormat.Uyvy)
            {
                rc = CompressPacked(src, stride, width, height, format == VideoPixelFormat.Uyvy, &output, &size, quality);
            }
            else
            {
                rc = TurboJpegNative.Compress2(
                    _handle, src, width, stride, height, TurboPixelFormat(format), &output, &size,
                    TurboJpegNative.TJSAMP_420, quality, TurboJpegNative.TJFLAG_NOREALLOC);
            }
        }

        if (rc != 0)
        {
            throw new InvalidOperationException("TurboJPEG compression failed: " + TurboJpegNative.ErrorText(_handle));
        }

        _length = checked((int)size.Value);
        return new ReadOnlySpan<byte>(_output, _length);
    }

    /// <summary>Compresses a raw frame into a new array.</summary>
    /// <returns>The JPEG bytes.</returns>
    public byte[] EncodeToArray(ReadOnlySpan<byte> source, VideoPixelFormat format, int width, int height, int stride, int quality) =>
        Encode(source, format, width, height, stride, quality).ToArray();

    /// <summary>Gets the bytes per pixel of an uncompressed format.</summary>
    /// <returns>2, 3 or 4.</returns>
    public static int BytesPerPixel(VideoPixelFormat format) => format switch
    {
        VideoPixelFormat.Rgb24 or VideoPixelFormat.Bgr24 => 3,
        VideoPixelFormat.Bgrx32 => 4,
        VideoPixelFormat.Yuyv or VideoPixelFormat.Uyvy => 2,
        _ => throw new ArgumentException($"{format} is not an uncompressed format.", nameof(format)),
    };

    /// <inheritdoc />
    public void Dispose()
    {
        if (_handle != 0)
        {
            _ = TurboJpegNative.Destroy(_handle);
            _handle = 0;
        }

        NativeMemory.Free(_output);
        _output = null;
        NativeMemory.Free(_planes);
        _planes = null;
    }

    private int CompressPacked(byte* src, int stride, int width, int height, bool uyvy, byte** output, CULong* size, int quality)
    {
        if ((width & 1) != 0)
        {
            throw new ArgumentException("Packed 4:2:2 frames need an even width.", nameof(width));
        }

        int chromaWidth = width / 2;
        int chromaHeight = (height + 1) / 2;
        nuint lumaSize = (nuint)width * (nuint)height;
        nuint chromaSize = (nuint)chromaWidth * (nuint)chromaHeight;
        nuint needed = lumaSize + (2 * chromaSize);
        if (_planesCapacity < needed)
        {
            NativeMemory.Free(_planes);
            _planes = (byte*)NativeMemory.Alloc(needed);
            _planesCapacity = needed;
        }

        byte* y = _planes;
        byte* u = y + lumaSize;
        byte* v = u + chromaSize;
        PackedYuvConverter.ToI420(src, stride, width, height, uyvy, y, u, v);
        byte** planes = stackalloc byte*[3] { y, u, v };
        int* strides = stackalloc int[3] { width, chromaWidth, chromaWidth };
        return TurboJpegNative.CompressFromYuvPlanes(
            _handle, planes, width, strides, height, TurboJpegNative.TJSAMP_420, output, size, quality, TurboJpegNative.TJFLAG_NOREALLOC);
    }

    private void EnsureOutput(int width, int height)
    {
        nuint needed = (nuint)TurboJpegNative.BufSize(width, height, TurboJpegNative.TJSAMP_420).Value;
        if (_outputCapacity < needed)
        {
            NativeMemory.Free(_output);
            _output = (byte*)NativeMemory.Alloc(needed);
            _outputCapacity = needed;
        }
    }

    private static int TurboPixelFormat(VideoPixelFormat format) => format switch
    {
        VideoPixelFormat.Rgb24 => TurboJpegNative.TJPF_RGB,
        VideoPixelFormat.Bgr24 => TurboJpegNative.TJPF_BGR,
        VideoPixelFormat.Bgrx32 => TurboJpegNative.TJPF_BGRX,
        _ => throw new ArgumentException($"{format} is not an RGB format.", nameof(format)),
    };
}
