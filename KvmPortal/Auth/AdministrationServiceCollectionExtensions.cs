using KvmPortal.Configuration;

namespace KvmPortal.Auth;

/// <summary>Registers session revocation, the per-request user check's cache, and the active-session list, the idle-session timeout.</summary>
public static class AdministrationServiceCollectionExtensions
{
    public static IServiceCollection AddKvmAdministration(this IServiceCollection services)
    {
        services.AddSingleton<SessionRevocation>();
        services.AddSingleton<UserStateCache>();
        services.AddSingleton<ActiveSessions>();
        services.AddSingleton<LoggedOutSessions>();
        services.AddSingleton<IdleSessions>();
        services.AddSingleton<IdleSessionSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<IdleSessionSweeper>());
        services.AddScoped<SessionLogout>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<DummyPasswordHash>();
        services.AddScoped<LoginService>();
        return services;
    }

    /// <summary>Binds <c>KvmPortal:Security</c> (validated at start) and the first-run <c>Setup</c> section.</summary>
    public static IServiceCollection AddKvmSecurityOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKnownOptions<SecurityOptions, SecurityOptionsValidator>(configuration, SecurityOptions.SectionName);
        services.AddOptions<SetupOptions>().Bind(configuration.GetSection(SetupOptions.SectionName));
        return services;
    }
}
