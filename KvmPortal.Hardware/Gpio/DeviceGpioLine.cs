using System.Device.Gpio;

namespace KvmPortal.Hardware.Gpio;

/// <summary>One line requested through a <see cref="DeviceGpioChip"/>.</summary>
internal sealed class DeviceGpioLine(DeviceGpioChip chip, GpioController controller, int offset, int pin, PinChangeEventHandler? edgeHandler) : IGpioLine
{
    private bool _disposed;

    public int Offset { get; } = offset;

    public bool Read()
    {
        lock (chip.Gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                return controller.Read(pin) == PinValue.High;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                throw chip.Failure("read", Offset, exception);
            }
        }
    }

    public void Write(bool high)
    {
        lock (chip.Gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                controller.Write(pin, high ? PinValue.High : PinValue.Low);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                throw chip.Failure("write", Offset, exception);
            }
        }
    }

    public void Dispose()
    {
        lock (chip.Gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        // Outside the gate: removing a callback joins the driver's event thread, which may be waiting for the gate in a read.
        try
        {
            if (edgeHandler is not null)
            {
                try
                {
                    controller.UnregisterCallbackForPinValueChangedEvent(pin, edgeHandler);
                }
                finally
                {
                    DeviceGpioChip.ReserveEdgeThread(-1);
                }
            }
        }
        finally
        {
            lock (chip.Gate)
            {
                controller.ClosePin(pin);
            }

            chip.Forget(this);
        }
    }
}
