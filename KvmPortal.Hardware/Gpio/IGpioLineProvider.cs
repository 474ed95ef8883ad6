namespace KvmPortal.Hardware.Gpio;

/// <summary>Requests GPIO lines; the seam where tests substitute fake lines for the character device.</summary>
public interface IGpioLineProvider
{
    /// <summary>Requests <paramref name="offset"/> on <paramref name="chipPath"/> as an output driven to <paramref name="initialHigh"/>.</summary>
    IGpioLine OpenOutput(string chipPath, int offset, bool initialHigh, string consumer);

    /// <summary>Requests <paramref name="offset"/> on <paramref name="chipPath"/> as an input.</summary>
    IGpioLine OpenInput(string chipPath, int offset, string consumer);
}
