namespace KvmPortal.Hardware.Gpio;

/// <summary>An open GPIO chip. Disposing it releases every line still requested through it.</summary>
public interface IGpioChip : IDisposable
{
    /// <summary>Gets the chip device, e.g. <c>/dev/gpiochip0</c>.</summary>
    string ChipPath { get; }

    /// <summary>Gets the driver in use (never <see cref="GpioDriverKind.Auto"/>).</summary>
    GpioDriverKind Driver { get; }

    /// <summary>Requests line <paramref name="offset"/> as an output driven to <paramref name="initialHigh"/> from the start.</summary>
    IGpioLine OpenOutput(int offset, bool initialHigh);

    /// <summary>
    /// Requests line <paramref name="offset"/> as an input. With <paramref name="onEdge"/>, both edges are detected and each
    /// calls it (with true for a rising edge) on a driver thread; detection is armed when this returns.
    /// </summary>
    IGpioLine OpenInput(int offset, Action<bool>? onEdge);
}
