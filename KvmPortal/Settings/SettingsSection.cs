namespace KvmPortal.Settings;

/// <summary>
/// A card a feature adds to the settings page (for example VNC or sign-in), so the Settings folder never references the features it shows.
/// The component receives a <c>ReadOnly</c> parameter (true for non-admins) and saves its own keys through
/// <see cref="SettingsService.SaveKeys"/>.
/// </summary>
/// <param name="Title">The card's heading (plain words).</param>
/// <param name="Component">The Razor component that renders the card.</param>
/// <param name="Order">Where the card goes among the others (lower first).</param>
public sealed record SettingsSection(string Title, Type Component, int Order);
