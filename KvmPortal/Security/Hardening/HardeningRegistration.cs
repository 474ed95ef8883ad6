using KvmPortal.Configuration;
using KvmPortal.Data;
using KvmPortal.Hardware.Msd;
using KvmPortal.Security.Outbound;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KvmPortal.Security.Hardening;

/// <summary>Registers and wires the hardening pieces: outbound fetch policy, body limits, same-origin enforcement, password policy.</summary>
public static class HardeningRegistration
{
    public const string SectionName = "KvmPortal:Hardening";

    /// <summary>Call after the hardware registration: replaces the image library's HTTP client with the guarded one.</summary>
    public static IServiceCollection AddKvmHardening(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddKnownOptions<HardeningOptions, HardeningOptionsValidator>(configuration, SectionName);
        services.AddSingleton<OutboundAllowList>();
        services.AddSingleton<OutboundHttpClient>();
        services.AddSingleton<SameOriginPolicy>();
        services.AddHostedService<SecureFilesService>();
        services.AddOptions<KeyManagementOptions>().PostConfigure<Data.DataDirectory>((o, data) =>
        {
            if (o.XmlRepository is { } inner and not OwnerOnlyXmlRepository)
            {
                o.XmlRepository = new OwnerOnlyXmlRepository(inner, Path.Combine(data.Path, "keys"));
            }
        });
        services.AddSingleton<CommonPasswords>();
        services.AddScoped<IPasswordValidator<ApplicationUser>, PasswordValidator<ApplicationUser>>();
        services.AddScoped<IPasswordValidator<ApplicationUser>, CommonPasswordValidator>();
        services.AddOptions<IdentityOptions>().PostConfigure<IOptions<HardeningOptions>>((o, hardening) =>
            o.Password.RequiredLength = Math.Max(o.Password.RequiredLength, hardening.Value.MinimumPasswordLength));
        services.Replace(ServiceDescriptor.Singleton(sp => new ImageLibrary(
            sp.GetRequiredService<IOptions<MsdOptions>>().Value,
            sp.GetService<ILogger<ImageLibrary>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<OutboundHttpClient>().Client)));
        return services;
    }

    /// <summary>Call first in the pipeline: body limits, then same-origin enforcement, before anything reads a body or authenticates.</summary>
    public static WebApplication UseKvmHardening(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<BodyLimitMiddleware>();
        app.UseMiddleware<SameOriginMiddleware>();
        return app;
    }
}
