using KvmPortal.Hardware.Interop;

namespace KvmPortal.Hardware.Video;

/// <summary>A failed V4L2 call with its errno.</summary>
internal sealed class V4l2Exception : IOException
{
    public V4l2Exception(string operation, int errno)
        : base($"{operation} failed: {Libc.ErrorText(errno)} (errno {errno})")
    {
        Operation = operation;
        Errno = errno;
    }

    public V4l2Exception()
    {
        Operation = string.Empty;
    }

    public V4l2Exception(string message)
        : base(message)
    {
        Operation = string.Empty;
    }

    public V4l2Exception(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = string.Empty;
    }

    public string Operation { get; }

    public int Errno { get; }
}
