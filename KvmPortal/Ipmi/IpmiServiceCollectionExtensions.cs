using KvmPortal.Configuration;
using KvmPortal.Prometheus;
using KvmPortal.Settings;

namespace KvmPortal.Ipmi;

/// <summary>Registers the IPMI server (<c>KvmPortal:Ipmi</c>): options with their validator, the protocol services and the hosted UDP server.</summary>
public static class IpmiServiceCollectionExtensions
{
    public static IServiceCollection AddKvmIpmi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKnownOptions<IpmiOptions, IpmiOptionsValidator>(configuration, IpmiOptions.SectionName);
        services.AddSingleton<IpmiMetrics>();
        services.AddSingleton<IPrometheusSource>(sp => sp.GetRequiredService<IpmiMetrics>());
        services.AddSingleton<IpmiLockout>();
        services.AddSingleton<IpmiAuditThrottle>();
        services.AddSingleton<IpmiUserStore>();
        services.AddSingleton<IpmiDeviceIdentity>();
        services.AddSingleton<IpmiSessionTable>();
        services.AddSingleton<IpmiTransport>();
        services.AddSingleton<IpmiSol>();
        services.AddSingleton<IpmiHandshake>();
        services.AddSingleton<IpmiAppCommands>();
        services.AddSingleton<IpmiBootOptions>();
        services.AddSingleton<IpmiChassisCommands>();
        services.AddSingleton<IpmiCommandRouter>();
        services.AddSingleton<IpmiPacketProcessor>();
        services.AddSingleton<IpmiServer>();
        services.AddHostedService(sp => sp.GetRequiredService<IpmiServer>());
        services.AddSettingsSection<IpmiSettingsCard>("IPMI", 41);
        return services;
    }
}
