using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace KvmPortal.Auth;

/// <summary>Registers the API's authentication scheme and makes every policy accept it next to the cookie.</summary>
public static class ApiAuthentication
{
    public static IServiceCollection AddKvmApiAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, KvmHeadersAuthenticationHandler>(KvmHeadersAuthenticationHandler.SchemeName, null);
        services.AddSingleton<CurrentPermissions>();
        services.AddOpenApi();
        services.PostConfigure<AuthorizationOptions>(o =>
        {
            string[] schemes = [IdentityConstants.ApplicationScheme, KvmHeadersAuthenticationHandler.SchemeName];
            o.DefaultPolicy = new AuthorizationPolicyBuilder(o.DefaultPolicy).AddAuthenticationSchemes(schemes).Build();
            if (o.FallbackPolicy is { } fallback)
            {
                o.FallbackPolicy = new AuthorizationPolicyBuilder(fallback).AddAuthenticationSchemes(schemes).Build();
            }

            foreach (var permission in Permissions.All)
            {
                if (o.GetPolicy(permission) is { } policy)
                {
                    o.AddPolicy(permission, new AuthorizationPolicyBuilder(policy).AddAuthenticationSchemes(schemes).Build());
                }
            }
        });
        return services;
    }
}
