using System.Runtime.InteropServices;
using System.Text;
using KvmPortal.Hardware.Interop;

namespace KvmPortal.Hardware.Gpio;

/// <summary>A single GPIO line requested through the Linux character device uAPI v2 (<c>/dev/gpiochipN</c>).</summary>
public sealed class GpioCdevLine : IGpioLine
{
    private readonly Lock _gate = new();
    private int _fd;

    private GpioCdevLine(int fd, int offset)
    {
        _fd = fd;
        Offset = offset;
    }

    /// <inheritdoc/>
    public int Offset { get; }

    /// <summary>Requests an output line, driven to <paramref name="initialHigh"/> from the moment it is requested.</summary>
    public static GpioCdevLine RequestOutput(string chipPath, int offset, bool initialHigh, string consumer)
    {
        var values = new GpioV2Native.LineConfigAttribute
        {
            Attr = new GpioV2Native.LineAttribute { Id = GpioV2Native.AttrIdOutputValues, FlagsOrValues = initialHigh ? 1UL : 0UL },
            Mask = 1,
        };
        return Request(chipPath, offset, consumer, GpioV2Native.FlagOutput, values, eventBufferSize: 0);
    }

    /// <summary>Requests an input line, optionally with edge detection and the kernel's debounce filter.</summary>
    public static GpioCdevLine RequestInput(string chipPath, int offset, string consumer, bool edges = false, TimeSpan debounce = default)
    {
        var flags = GpioV2Native.FlagInput | (edges ? GpioV2Native.FlagEdgeRising | GpioV2Native.FlagEdgeFalling : 0);
        GpioV2Native.LineConfigAttribute? attribute = debounce > TimeSpan.Zero
            ? new GpioV2Native.LineConfigAttribute
            {
                Attr = new GpioV2Native.LineAttribute
                {
                    Id = GpioV2Native.AttrIdDebounce,
                    DebouncePeriodUs = (uint)Math.Min(uint.MaxValue, debounce.Ticks / TimeSpan.TicksPerMicrosecond),
                },
                Mask = 1,
            }
            : null;
        return Request(chipPath, offset, consumer, flags, attribute, edges ? 16u : 0u);
    }

    /// <inheritdoc/>
    public unsafe bool Read()
    {
        var values = new GpioV2Native.LineValues { Mask = 1 };
        lock (_gate)
        {
            if (Libc.Ioctl(LiveFd(), GpioV2Native.LineGetValuesIoctl, &values) < 0)
            {
                throw new GpioException($"GPIO_V2_LINE_GET_VALUES_IOCTL (line {Offset})", Marshal.GetLastPInvokeError());
            }
        }

        return (values.Bits & 1) != 0;
    }

    /// <inheritdoc/>
    public unsafe void Write(bool high)
    {
        var values = new GpioV2Native.LineValues { Bits = high ? 1UL : 0UL, Mask = 1 };
        lock (_gate)
        {
            if (Libc.Ioctl(LiveFd(), GpioV2Native.LineSetValuesIoctl, &values) < 0)
            {
                throw new GpioException($"GPIO_V2_LINE_SET_VALUES_IOCTL (line {Offset})", Marshal.GetLastPInvokeError());
            }
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for an edge on a line requested with edges; false when none arrived.</summary>
    public unsafe bool TryReadEdge(TimeSpan timeout, out GpioEdgeEvent edge)
    {
        edge = default;
        var poll = new Libc.PollFd { Fd = LiveFd(), Events = Libc.POLLIN };
        var ready = Libc.Poll(&poll, 1, (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue));
        if (ready < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == Libc.EINTR ? false : throw new GpioException("poll", errno);
        }

        if (ready == 0)
        {
            return false;
        }

        GpioV2Native.LineEvent native;
        var size = (nuint)sizeof(GpioV2Native.LineEvent);
        if (Libc.Read(poll.Fd, &native, size) != (nint)size)
        {
            throw new GpioException($"read of a GPIO line event (line {Offset})", Marshal.GetLastPInvokeError());
        }

        edge = new GpioEdgeEvent(native.Id == GpioV2Native.EventRisingEdge, native.TimestampNs, native.LineSeqno);
        return true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_fd >= 0)
            {
                _ = Libc.Close(_fd);
                _fd = -1;
            }
        }
    }

    private static unsafe GpioCdevLine Request(
        string chipPath, int offset, string consumer, ulong flags, GpioV2Native.LineConfigAttribute? attribute, uint eventBufferSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(chipPath);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var request = default(GpioV2Native.LineRequest);
        request.Offsets[0] = (uint)offset;
        request.NumLines = 1;
        request.EventBufferSize = eventBufferSize;
        request.Config.Flags = flags;
        if (attribute is { } attr)
        {
            request.Config.NumAttrs = 1;
            request.Config.SetAttribute(0, attr);
        }

        var name = Encoding.UTF8.GetBytes(consumer);
        var length = Math.Min(name.Length, GpioV2Native.MaxNameSize - 1);
        for (var i = 0; i < length; i++)
        {
            request.Consumer[i] = name[i];
        }

        var chip = Libc.Open(chipPath, Libc.O_RDWR | Libc.O_CLOEXEC);
        if (chip < 0)
        {
            throw new GpioException($"open {chipPath}", Marshal.GetLastPInvokeError());
        }

        try
        {
            if (Libc.Ioctl(chip, GpioV2Native.GetLineIoctl, &request) < 0)
            {
                throw new GpioException($"GPIO_V2_GET_LINE_IOCTL ({chipPath} line {offset})", Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            _ = Libc.Close(chip);
        }

        return new GpioCdevLine(request.Fd, offset);
    }

    private int LiveFd() => _fd >= 0 ? _fd : throw new ObjectDisposedException(nameof(GpioCdevLine));
}
