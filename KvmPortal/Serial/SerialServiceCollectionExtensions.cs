using KvmPortal.Settings;

namespace KvmPortal.Serial;

/// <summary>Registers the serial console feature's web parts (the ports themselves are the hardware layer's <c>AddKvmSerial</c>).</summary>
public static class SerialServiceCollectionExtensions
{
    public static IServiceCollection AddKvmSerialFeature(this IServiceCollection services) =>
        services.AddSettingsSection<SerialSettingsCard>("Serial console", 40);
}
