using System.Globalization;
using KvmPortal.Settings;

namespace KvmPortal.Ipmi;

/// <summary>What the IPMI settings card saves: its keys, checked with the start validator; every one is read when KvmPortal starts.</summary>
internal static class IpmiSettings
{
    public static SettingsKeyChange Change(IpmiOptions current, bool enabled, bool sol, int port, int timeoutSeconds)
    {
        ArgumentNullException.ThrowIfNull(current);
        var timeout = TimeSpan.FromSeconds(Math.Max(timeoutSeconds, 0));
        return new SettingsKeyChange(
            "ipmi",
            new Dictionary<string, object>
            {
                [IpmiOptions.SectionName + ":Enabled"] = enabled,
                [IpmiOptions.SectionName + ":SolEnabled"] = sol,
                [IpmiOptions.SectionName + ":Port"] = port,
                [IpmiOptions.SectionName + ":SessionTimeout"] = timeout.ToString("c", CultureInfo.InvariantCulture),
            },
            Validate,
            RestartNeeded: enabled != current.Enabled || sol != current.SolEnabled || port != current.Port || timeout != current.SessionTimeout);
    }

    public static IReadOnlyList<string> Validate(IConfiguration configuration) =>
        SectionCheck.Validate(configuration, IpmiOptions.SectionName, new IpmiOptionsValidator());
}
