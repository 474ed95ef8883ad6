using KvmPortal.Configuration;
using KvmPortal.Hosting;
using Microsoft.AspNetCore.Builder;

namespace KvmPortal.Tests.Support;

/// <summary>
/// The app's own configuration schema: the <c>KvmPortal</c> keys plus every section the real service registration declares known.
/// Only registers the services (nothing is built or started), so unit tests check against exactly what the app checks at start.
/// </summary>
public static class AppConfigurationSchema
{
    private static readonly Lazy<IReadOnlyList<KnownConfigurationSection>> Registered = new(Register);
    private static readonly Lazy<ConfigurationSchema> Schema = new(() => ConfigurationSchema.ForKvmPortal(Registered.Value));

    public static ConfigurationSchema Value => Schema.Value;

    /// <summary>Gets the sections the app registers, in registration order.</summary>
    public static IReadOnlyList<KnownConfigurationSection> Sections => Registered.Value;

    private static IReadOnlyList<KnownConfigurationSection> Register()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddKvmPortalServices();
        return [.. builder.Services.Where(d => d.ServiceType == typeof(KnownConfigurationSection))
            .Select(d => (KnownConfigurationSection)d.ImplementationInstance!)];
    }
}
