namespace KvmPortal.Hardware.Video.H264;

/// <summary>
/// H.264 cannot be produced: the encoder failed and so did a new one. An H.264 viewer waiting for its next unit gets this (with
/// the reason) instead of waiting forever, and falls back to MJPEG; a new viewer tries the encoder again.
/// </summary>
public sealed class H264EncoderFailedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="H264EncoderFailedException"/> class.</summary>
    public H264EncoderFailedException()
        : base("the H.264 encoder failed")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="H264EncoderFailedException"/> class.</summary>
    /// <param name="message">Why.</param>
    public H264EncoderFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="H264EncoderFailedException"/> class.</summary>
    /// <param name="message">Why.</param>
    /// <param name="innerException">The cause.</param>
    public H264EncoderFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
