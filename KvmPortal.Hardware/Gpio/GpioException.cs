using KvmPortal.Hardware.Interop;

namespace KvmPortal.Hardware.Gpio;

/// <summary>A GPIO character-device call failed.</summary>
public sealed class GpioException : IOException
{
    /// <summary>Initializes a new instance of the <see cref="GpioException"/> class.</summary>
    public GpioException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GpioException"/> class.</summary>
    public GpioException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GpioException"/> class.</summary>
    public GpioException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GpioException"/> class for a failed call and its errno.</summary>
    public GpioException(string operation, int errno)
        : base($"{operation} failed: {Libc.ErrorText(errno)} (errno {errno})") => Errno = errno;

    /// <summary>Gets the errno of the failed call, or 0.</summary>
    public int Errno { get; }
}
