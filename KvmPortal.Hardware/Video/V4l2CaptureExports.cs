using KvmPortal.Hardware.Interop;
using KvmPortal.Hardware.Video.Encoders;
using KvmPortal.Hardware.Video.Interop;

namespace KvmPortal.Hardware.Video;

/// <summary>
/// The dmabuf side of one opened capture device: each mmap buffer is exported once (VIDIOC_EXPBUF) when first leased, and a
/// dequeued buffer can be lent out (<see cref="CaptureBufferLease"/>) instead of being queued again at once; its release queues it
/// (from whichever thread). At most <see cref="V4l2Device.BufferCount"/> - <see cref="KeepQueued"/> buffers are out at a time, so
/// the driver always has buffers to fill. After <see cref="Close"/> (the device is closing) releases queue nothing, and the
/// exported descriptors are closed when the last lease is back (an encoder may still be reading one).
/// </summary>
internal sealed class V4l2CaptureExports
{
    /// <summary>Buffers always left with the driver.</summary>
    public const int KeepQueued = 2;

    private readonly Lock _gate = new();
    private readonly V4l2Device _device;
    private readonly Dictionary<uint, int> _fds = [];
    private readonly uint _fourcc;
    private readonly int _width;
    private readonly int _height;
    private readonly int _stride;
    private int _outstanding;
    private bool _closed;

    public V4l2CaptureExports(V4l2Device device, uint fourcc, int width, int height, int stride)
    {
        _device = device;
        _fourcc = fourcc;
        _width = width;
        _height = height;
        _stride = stride;
    }

    /// <summary>Gets why the driver refused to export (null while it exports).</summary>
    public string? Refused { get; private set; }

    /// <summary>Gets how many buffers are lent out now.</summary>
    public int Outstanding
    {
        get
        {
            lock (_gate)
            {
                return _outstanding;
            }
        }
    }

    /// <summary>Lends out a dequeued buffer (exporting it the first time); null when export is refused or too many are out (queue it then).</summary>
    /// <returns>The lease, or null.</returns>
    public CaptureBufferLease? TryLease(uint index, int bytesUsed, DateTimeOffset captured)
    {
        int fd;
        lock (_gate)
        {
            if (Refused is not null || _closed || _outstanding >= _device.BufferCount - KeepQueued)
            {
                return null;
            }

            if (!_fds.TryGetValue(index, out fd))
            {
                try
                {
                    fd = _device.ExportBuffer(index);
                }
                catch (V4l2Exception ex)
                {
                    Refused = ex.Message;
                    return null;
                }

                _fds[index] = fd;
            }

            _outstanding++;
        }

        var frame = new DmabufFrame(fd, bytesUsed, _device.BufferLength(index), _width, _height, _stride, captured);
        return new CaptureBufferLease(frame, _fourcc, () => Release(index));
    }

    /// <summary>The device is closing: later releases queue nothing; the descriptors close with the last lease.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            if (_outstanding == 0)
            {
                CloseDescriptors();
            }
        }
    }

    private void Release(uint index)
    {
        lock (_gate)
        {
            _outstanding--;
            if (!_closed)
            {
                try
                {
                    _device.Requeue(new V4l2Buffer { Index = index });
                }
                catch (V4l2Exception)
                {
                    // The device went away (unplugged); the capture thread sees it and reopens.
                }
                catch (ObjectDisposedException)
                {
                    // Closed meanwhile.
                }
            }
            else if (_outstanding == 0)
            {
                CloseDescriptors();
            }
        }
    }

    private void CloseDescriptors()
    {
        foreach (int fd in _fds.Values)
        {
            _ = Libc.Close(fd);
        }

        _fds.Clear();
    }
}
