using KvmPortal.Configuration;
using KvmPortal.Settings;

namespace KvmPortal.SignIn;

/// <summary>Registers OIDC, LDAP and passkey sign-in and maps their endpoints.</summary>
public static class SignInRegistration
{
    public static IServiceCollection AddKvmSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKnownOptions<SignInOptions, SignInOptionsValidator>(configuration, SignInOptions.SectionName);
        services.AddScoped<ExternalAccounts>();
        services.AddScoped<SecondFactors>();
        services.AddScoped<Auth.ISecondFactors>(sp => sp.GetRequiredService<SecondFactors>());
        services.AddSingleton<Passkeys.PasskeyChallenges>();
        services.AddSingleton<Ldap.LdapDirectory>();
        services.AddSingleton<Ldap.LdapFailures>();
        services.AddScoped<Ldap.LdapSignIn>();
        services.AddScoped<Passkeys.PasskeyService>();
        services.AddSingleton<Oidc.OidcDiscovery>();
        services.AddSettingsSection<Cards.OidcSettingsCard>("Single sign-on (OpenID Connect)", 50);
        services.AddSettingsSection<Cards.LdapSettingsCard>("Directory sign-in (LDAP / Active Directory)", 51);
        Oidc.OidcRegistration.AddKvmOidc(services.AddAuthentication(), configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapKvmSignIn(this IEndpointRouteBuilder endpoints)
    {
        Oidc.OidcEndpoints.MapOidcEndpoints(endpoints);
        Passkeys.PasskeyEndpoints.MapPasskeyEndpoints(endpoints);
        return endpoints;
    }
}
