namespace KvmPortal.Hardware.Hid;

/// <summary>The outcome of one report write on a /dev/hidgN writer thread.</summary>
/// <param name="Succeeded">The whole report was written.</param>
/// <param name="DeviceOpen">The device file is open after the attempt.</param>
/// <param name="QueuedToReturn">TimeProvider ticks from the IHidOutput call (enqueue) to the write() return.</param>
/// <param name="WriteDuration">TimeProvider ticks the write attempt itself took (write, poll, retries).</param>
internal readonly record struct HidWriteResult(bool Succeeded, bool DeviceOpen, long QueuedToReturn, long WriteDuration);
