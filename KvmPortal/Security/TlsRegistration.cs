using KvmPortal.Configuration;
using Microsoft.Extensions.Options;

namespace KvmPortal.Security;

/// <summary>Binds <c>KvmPortal:Tls</c> (validated at start); Hosting's Kestrel setup and pipeline read it.</summary>
public static class TlsRegistration
{
    public static IServiceCollection AddKvmTls(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKnownOptions<TlsOptions>(configuration, TlsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TlsOptions>, TlsOptionsValidator>();
        return services;
    }
}
