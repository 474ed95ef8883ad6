namespace KvmPortal.Configuration;

/// <summary>
/// A configuration section inside <c>KvmPortal</c> and the options type that binds it, registered by the feature that owns it so that
/// the strict unknown-key check (<see cref="ConfigurationSchema"/>) knows every section without one type listing them all.
/// </summary>
/// <param name="Path">The section's full path, for example <c>KvmPortal:Vnc</c>.</param>
/// <param name="OptionsType">The type its keys bind to; a key that names none of its properties is unknown.</param>
public sealed record KnownConfigurationSection(string Path, Type OptionsType);
