namespace KvmPortal.Hardware.Gpio;

/// <summary>One requested GPIO line. Values are physical levels (true = high); callers apply any inversion.</summary>
public interface IGpioLine : IDisposable
{
    /// <summary>Gets the line offset on its chip.</summary>
    int Offset { get; }

    /// <summary>Reads the line level.</summary>
    bool Read();

    /// <summary>Drives an output line to <paramref name="high"/>.</summary>
    void Write(bool high);
}
