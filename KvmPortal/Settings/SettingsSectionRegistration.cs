using Microsoft.AspNetCore.Components;

namespace KvmPortal.Settings;

/// <summary>Registers the cards features add to the settings page.</summary>
public static class SettingsSectionRegistration
{
    /// <summary>Adds <typeparamref name="TComponent"/> as a card on the settings page.</summary>
    public static IServiceCollection AddSettingsSection<TComponent>(this IServiceCollection services, string title, int order)
        where TComponent : IComponent
        => services.AddSingleton(new SettingsSection(title, typeof(TComponent), order));
}
