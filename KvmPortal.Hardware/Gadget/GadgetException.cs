namespace KvmPortal.Hardware.Gadget;

/// <summary>A gadget configuration that cannot be applied (endpoint budget, no UDC, configfs refused a write).</summary>
public sealed class GadgetException : Exception
{
    public GadgetException()
    {
    }

    public GadgetException(string message)
        : base(message)
    {
    }

    public GadgetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
