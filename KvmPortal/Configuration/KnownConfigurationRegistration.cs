using Microsoft.Extensions.Options;

namespace KvmPortal.Configuration;

/// <summary>
/// How a feature binds its own configuration section and declares it known to the strict unknown-key check, and how the host
/// registers that check.
/// </summary>
public static class KnownConfigurationRegistration
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to the section at <paramref name="sectionPath"/> (for example <c>KvmPortal:Vnc</c>) and
    /// declares the section known, so its keys pass the strict check and a misspelt one is named at start.
    /// </summary>
    public static OptionsBuilder<TOptions> AddKnownOptions<TOptions>(this IServiceCollection services, IConfiguration configuration, string sectionPath)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddKnownConfigurationSection<TOptions>(sectionPath);
        return services.AddOptions<TOptions>().Bind(configuration.GetSection(sectionPath));
    }

    /// <summary>
    /// Binds and declares the section as <see cref="AddKnownOptions{TOptions}"/> does, and validates it at start with
    /// <typeparamref name="TValidator"/> (a bad value stops the start with the validator's message).
    /// </summary>
    public static OptionsBuilder<TOptions> AddKnownOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string sectionPath)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        return services.AddKnownOptions<TOptions>(configuration, sectionPath).ValidateOnStart();
    }

    /// <summary>Declares the section at <paramref name="sectionPath"/> known, bound elsewhere to <typeparamref name="TOptions"/>.</summary>
    public static IServiceCollection AddKnownConfigurationSection<TOptions>(this IServiceCollection services, string sectionPath)
        where TOptions : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionPath);
        return services.AddSingleton(new KnownConfigurationSection(sectionPath, typeof(TOptions)));
    }

    /// <summary>
    /// Binds the keys directly inside <c>KvmPortal</c> (<see cref="KvmPortalOptions"/>) and checks at start that every key inside it
    /// belongs to a known section.
    /// </summary>
    public static IServiceCollection AddKvmConfiguration(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<KvmPortalOptions>().Bind(configuration.GetSection(KvmPortalOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KvmPortalOptions>, KvmPortalOptionsValidator>();
        services.AddSingleton(sp => ConfigurationSchema.ForKvmPortal(sp.GetServices<KnownConfigurationSection>()));
        return services;
    }
}
