namespace KvmPortal.Hardware.Gpio;

/// <summary>A GPIO chip or line could not be opened or used (the message names the chip, line and driver).</summary>
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
}
