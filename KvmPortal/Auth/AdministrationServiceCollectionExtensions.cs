namespace KvmPortal.Auth;

/// <summary>Registers session revocation, the per-request user check's cache, and the active-session list.</summary>
public static class AdministrationServiceCollectionExtensions
{
    public static IServiceCollection AddKvmAdministration(this IServiceCollection services)
    {
        services.AddSingleton<SessionRevocation>();
        services.AddSingleton<UserStateCache>();
        services.AddSingleton<ActiveSessions>();
        return services;
    }
}
