namespace KvmPortal.Hardware.Gpio;

/// <summary>An edge seen on an input line requested with edge detection.</summary>
/// <param name="Rising">True for a rising edge, false for a falling one.</param>
/// <param name="TimestampNs">The kernel's CLOCK_MONOTONIC timestamp of the edge, in nanoseconds.</param>
/// <param name="LineSequence">The line's event sequence number (gaps mean the kernel buffer overflowed).</param>
public readonly record struct GpioEdgeEvent(bool Rising, ulong TimestampNs, uint LineSequence);
