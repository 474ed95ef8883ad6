namespace KvmPortal.Hardware.Gpio;

/// <summary>Requests lines from the Linux GPIO character device (uAPI v2).</summary>
public sealed class GpioCdevLineProvider : IGpioLineProvider
{
    /// <inheritdoc/>
    public IGpioLine OpenOutput(string chipPath, int offset, bool initialHigh, string consumer) =>
        GpioCdevLine.RequestOutput(chipPath, offset, initialHigh, consumer);

    /// <inheritdoc/>
    public IGpioLine OpenInput(string chipPath, int offset, string consumer) =>
        GpioCdevLine.RequestInput(chipPath, offset, consumer);
}
