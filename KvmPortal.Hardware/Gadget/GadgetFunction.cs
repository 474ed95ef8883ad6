namespace KvmPortal.Hardware.Gadget;

/// <summary>One configfs function of the composite gadget and the endpoints it uses besides ep0.</summary>
/// <param name="Name">The directory name under <c>functions/</c>, for example <c>hid.usb0</c>.</param>
/// <param name="InEndpoints">IN endpoints used.</param>
/// <param name="OutEndpoints">OUT endpoints used.</param>
/// <param name="Bit">The bit this function adds to the automatic bcdDevice.</param>
public sealed record GadgetFunction(string Name, int InEndpoints, int OutEndpoints, int Bit);
