using System.Reflection;

namespace KvmPortal.Configuration;

/// <summary>
/// Every key KvmPortal knows inside its own configuration section: the root options type's properties plus the sections the features
/// registered (<see cref="KnownConfigurationRegistration.AddKnownOptions{TOptions}"/>), each walked through its options type. A misspelt key
/// silently ignored is how a KVM ends up with the wrong pins, so an unknown key stops the start with a message that names it.
/// </summary>
public sealed class ConfigurationSchema
{
    private readonly SchemaNode _root;

    public ConfigurationSchema(string rootPath, Type rootType, IEnumerable<KnownConfigurationSection> sections)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootPath);
        ArgumentNullException.ThrowIfNull(rootType);
        ArgumentNullException.ThrowIfNull(sections);
        RootPath = rootPath;
        _root = new SchemaNode(rootType, registered: true);
        foreach (var section in sections)
        {
            Add(section);
        }
    }

    /// <summary>Gets the section checked, for example <c>KvmPortal</c>.</summary>
    public string RootPath { get; }

    /// <summary>The schema of the <c>KvmPortal</c> section: <see cref="KvmPortalOptions"/> plus <paramref name="sections"/>.</summary>
    public static ConfigurationSchema ForKvmPortal(IEnumerable<KnownConfigurationSection> sections) =>
        new(KvmPortalOptions.SectionName, typeof(KvmPortalOptions), sections);

    /// <summary>Finds the keys inside <see cref="RootPath"/> of <paramref name="configuration"/> that nothing binds, as full paths.</summary>
    public IReadOnlyList<string> FindUnknownKeys(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return StrictConfigurationValidator.FindUnknownKeys(configuration.GetSection(RootPath), _root, RootPath);
    }

    /// <summary>One line per unknown key: "Unknown configuration key 'X'." with "(did you mean 'Y'?)" when a known key is close.</summary>
    public string Describe(IReadOnlyList<string> unknownKeys) => StrictConfigurationValidator.Describe(unknownKeys, _root, RootPath);

    private void Add(KnownConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (!section.Path.StartsWith(RootPath + ":", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The known configuration section '{section.Path}' is not inside '{RootPath}'.", nameof(section));
        }

        var node = _root;
        var parts = section.Path[(RootPath.Length + 1)..].Split(':');
        for (var i = 0; i < parts.Length; i++)
        {
            var last = i == parts.Length - 1;
            if (node.Sections.TryGetValue(parts[i], out var existing))
            {
                if (last && existing.Node.Registered && existing.Node.Type != section.OptionsType)
                {
                    throw new InvalidOperationException(
                        $"The configuration section '{section.Path}' is registered as both {existing.Node.Type.Name} and {section.OptionsType.Name}.");
                }

                if (last)
                {
                    existing.Node.Type = section.OptionsType;
                    existing.Node.Registered = true;
                }

                node = existing.Node;
                continue;
            }

            // A level above a registered section that nobody registered itself keeps the keys its parent's type gives it.
            var type = last ? section.OptionsType : PropertyType(node.Type, parts[i]) ?? typeof(object);
            var child = new SchemaNode(type, registered: last);
            node.Sections[parts[i]] = (parts[i], child);
            node = child;
        }
    }

    private static Type? PropertyType(Type type, string name) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType;
}
