using System.Runtime.InteropServices;
using KvmPortal.Hardware.Video.Encoders;
using KvmPortal.Hardware.Video.Interop;
using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Video.H264;

/// <summary>Chooses the H.264 encoder: the V4L2 memory-to-memory hardware (the Pi 4's /dev/video11) when present, else openh264.</summary>
public static partial class H264EncoderFactory
{
    /// <summary>Finds the M2M node the options name or the Raspberry Pi's encoder.</summary>
    /// <returns>The node, or null.</returns>
    public static string? FindM2mDevice(H264Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrEmpty(options.M2mDevice))
        {
            return File.Exists(options.M2mDevice) ? options.M2mDevice : null;
        }

        return V4l2EncoderFinder.Find(V4l2EncoderFinder.RaspberryPiEncoder);
    }

    /// <summary>Whether libopenh264-7 can be loaded.</summary>
    /// <returns>True when the library is installed.</returns>
    public static bool SoftwareAvailable()
    {
        if (!NativeLibrary.TryLoad(OpenH264Native.Library, out nint handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }

    /// <summary>Whether an encoder the options allow exists on this machine.</summary>
    /// <returns>True when H.264 can be produced.</returns>
    public static bool IsAvailable(H264Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Encoder switch
        {
            H264EncoderKind.M2m => FindM2mDevice(options) is not null,
            H264EncoderKind.Software => SoftwareAvailable(),
            _ => FindM2mDevice(options) is not null || SoftwareAvailable(),
        };
    }

    /// <summary>Creates an encoder for the settings.</summary>
    /// <returns>The encoder.</returns>
    /// <exception cref="InvalidOperationException">No allowed encoder could be opened.</exception>
    public static IVideoEncoder Create(H264Options options, VideoEncoderSettings settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Encoder != H264EncoderKind.Software && FindM2mDevice(options) is { } node)
        {
            if (settings.DmabufInputFourcc is { } fourcc)
            {
                try
                {
                    return V4l2M2mEncoder.OpenDmabuf(node, settings, fourcc);
                }
                catch (V4l2Exception ex)
                {
                    string format = V4l2Native.FourccText(fourcc);
                    LogDmabufRefused(logger, node, format, ex.Message); // e.g. no such OUTPUT format, or no DMABUF
                }
            }

            try
            {
                return V4l2M2mEncoder.Open(node, settings);
            }
            catch (V4l2Exception ex) when (options.Encoder == H264EncoderKind.Auto)
            {
                LogM2mFallback(logger, node, ex.Message);
            }
        }

        if (options.Encoder == H264EncoderKind.M2m)
        {
            throw new InvalidOperationException("KvmPortal:Video:H264:Encoder is M2m but no V4L2 H.264 encoder was found or it failed to open");
        }

        return OpenH264Encoder.Create(settings);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The V4L2 H.264 encoder {Node} cannot import {Fourcc} capture buffers ({Error}); frames are copied")]
    private static partial void LogDmabufRefused(ILogger logger, string node, string fourcc, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The V4L2 H.264 encoder {Node} failed ({Error}); using openh264 instead")]
    private static partial void LogM2mFallback(ILogger logger, string node, string error);
}
