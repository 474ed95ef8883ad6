using System.Runtime.InteropServices;
using KvmPortal.Hardware.Interop;

namespace KvmPortal.Hardware.Video.Interop;

/// <summary>The one V4L2 ioctl loop for the capture and the memory-to-memory devices.</summary>
internal static unsafe class V4l2Ioctl
{
    private const int MaxRetries = 4;

    /// <summary>ioctl with ustreamer-style retries on EINTR (and EAGAIN for everything but DQBUF/DQEVENT); returns 0 or errno.</summary>
    public static int Try(int fd, nuint request, void* argument)
    {
        for (int attempt = 0; ; attempt++)
        {
            if (Libc.Ioctl(fd, request, argument) >= 0)
            {
                return 0;
            }

            int errno = Marshal.GetLastPInvokeError();
            bool retryable = errno == Libc.EINTR ||
                (errno == Libc.EAGAIN && request != V4l2Native.VIDIOC_DQBUF && request != V4l2Native.VIDIOC_DQEVENT);
            if (!retryable || attempt >= MaxRetries)
            {
                return errno;
            }
        }
    }
}
