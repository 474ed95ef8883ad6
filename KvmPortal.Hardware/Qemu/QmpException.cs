namespace KvmPortal.Hardware.Qemu;

/// <summary>QEMU answered a QMP command with an error object.</summary>
public sealed class QmpException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="QmpException"/> class.</summary>
    public QmpException()
        : this("GenericError", "QMP command failed")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QmpException"/> class.</summary>
    public QmpException(string message)
        : this("GenericError", message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QmpException"/> class.</summary>
    public QmpException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorClass = "GenericError";
    }

    /// <summary>Initializes a new instance of the <see cref="QmpException"/> class.</summary>
    /// <param name="errorClass">QEMU's error class (GenericError, CommandNotFound, DeviceNotFound, ...).</param>
    /// <param name="description">QEMU's human-readable description.</param>
    public QmpException(string errorClass, string description)
        : base(description)
    {
        ErrorClass = errorClass;
    }

    /// <summary>Gets QEMU's error class.</summary>
    public string ErrorClass { get; }
}
