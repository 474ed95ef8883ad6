using KvmPortal.Configuration;
using KvmPortal.Settings;
using KvmPortal.Users;

namespace KvmPortal.Vnc;

/// <summary>Registers the VNC server (<c>KvmPortal:Vnc</c>): options with their validator, the session host and the hosted TCP listener.</summary>
public static class VncServiceCollectionExtensions
{
    public static IServiceCollection AddKvmVnc(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKnownOptions<VncOptions, VncOptionsValidator>(configuration, VncOptions.SectionName);
        services.AddSingleton<VncPasswordStore>();
        services.AddSingleton<VncAuthenticator>();
        services.AddSingleton<VncFrameSource>();
        services.AddSingleton<VncHost>();
        services.AddSingleton<VncServer>();
        services.AddHostedService(sp => sp.GetRequiredService<VncServer>());
        services.AddSettingsSection<VncSettingsCard>("VNC server", 40);
        UserActionPanel.Add<VncPasswordEditor>(services, "vnc-password", "VNC password");
        return services;
    }
}
