using KvmPortal.Audit;
using KvmPortal.Settings;
using Microsoft.Extensions.Configuration;

namespace KvmPortal.Tests.Support;

/// <summary>The settings service as the app builds it, on a configuration read from one override file (a restart reads it again).</summary>
public static class OverrideFileSettings
{
    public static SettingsService Create(string overridePath, IAuditLog audit, out IConfigurationRoot configuration)
    {
        configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["KvmPortal:OverrideFile"] = overridePath })
            .AddJsonFile(overridePath, optional: true, reloadOnChange: false)
            .Build();
        return new SettingsService(configuration, audit, AppConfigurationSchema.Value);
    }
}
