using KvmPortal.Settings;
using Microsoft.Extensions.Options;

namespace KvmPortal.SignIn;

/// <summary>Registers OIDC, LDAP and passkey sign-in and maps their endpoints.</summary>
public static class SignInRegistration
{
    public static IServiceCollection AddKvmSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<KvmPortalOptions>, SignInOptionsValidator>();
        services.AddScoped<ExternalAccounts>();
        services.AddScoped<SecondFactors>();
        Oidc.OidcRegistration.AddKvmOidc(services.AddAuthentication(), configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapKvmSignIn(this IEndpointRouteBuilder endpoints)
    {
        Oidc.OidcEndpoints.MapOidcEndpoints(endpoints);
        return endpoints;
    }
}
