using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Configuration;
using KvmPortal.Hardware.Hid.Keymaps;
using KvmPortal.Security;
using Microsoft.Extensions.Options;

namespace KvmPortal.Settings;

/// <summary>
/// Reads and saves the settings page's values: validated with the options validators (a bad value changes nothing), written to the
/// override file (other keys kept), the configuration reloaded from it, and audited as "key: old → new". The configuration schema re-checks
/// that the configuration holds no unknown key before the page's values are saved.
/// </summary>
public sealed class SettingsService(IConfiguration configuration, IAuditLog audit, ConfigurationSchema schema)
{
    private readonly Lock _gate = new();

    /// <summary>Gets the override file's path.</summary>
    public string OverrideFilePath => Path.GetFullPath(configuration[ConfigurationLayering.OverrideFileKey] is { Length: > 0 } f ? f : ConfigurationLayering.DefaultOverrideFile);

    /// <summary>Reads the values as the configuration holds them now.</summary>
    public PortalSettings Current()
    {
        var o = Bind();
        return new PortalSettings
        {
            HidOutput = o.Hid.Backend,
            RelativeMouse = !string.IsNullOrWhiteSpace(o.Hid.RelativeMouseDevice),
            DefaultKeymap = o.Hid.DefaultKeymap,
            JigglerEnabled = o.Hid.JigglerEnabled,
            JigglerIntervalSeconds = o.Hid.JigglerIntervalSeconds,
            VideoDevice = o.Video.Device,
            VideoEdidFile = o.Video.EdidFile,
            VideoWidth = o.Video.Width,
            VideoHeight = o.Video.Height,
            JpegQuality = o.Video.JpegQuality,
            DesiredFps = o.Video.DesiredFps,
            SessionRevalidationSeconds = (int)o.Security.SessionRevalidation.TotalSeconds,
            SessionIdleMinutes = (int)Math.Ceiling(o.Security.SessionIdleTimeout.TotalMinutes),
        };
    }

    /// <summary>Validates and saves <paramref name="wanted"/>; on any error nothing is written.</summary>
    public SettingsSaveResult Save(PortalSettings wanted, string user, string? clientAddress)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        lock (_gate)
        {
            var errors = Validate(wanted);
            if (errors.Count > 0)
            {
                audit.Write(AuditActions.SettingsChanged, user, clientAddress, "settings", AuditOutcome.Failure, string.Join("; ", errors));
                return new SettingsSaveResult(errors, [], false);
            }

            var old = Current();
            var changed = SettingsField.All.Where(f => !Equals(f.Read(old), f.Read(wanted))).ToList();
            if (changed.Count == 0)
            {
                return new SettingsSaveResult([], [], false);
            }

            Apply(changed.ToDictionary(f => f.Key, f => f.Read(wanted)));
            var changes = changed.Select(f => $"{f.Key}: {Show(f.Read(old))} → {Show(f.Read(wanted))}").ToList();
            audit.Write(AuditActions.SettingsChanged, user, clientAddress, "settings", AuditOutcome.Success, string.Join("; ", changes));
            return new SettingsSaveResult([], changes, changed.Any(f => f.RestartNeeded));
        }
    }

    /// <summary>
    /// Validates and saves a settings card's keys (see <see cref="SettingsSection"/>): the card's check runs against the configuration as
    /// it would be; on any error nothing is written and the refusal is audited; otherwise the changed keys are written to the override file
    /// and audited as "key: old → new" (secrets as "(changed)").
    /// </summary>
    public SettingsSaveResult SaveKeys(SettingsKeyChange change, string user, string? clientAddress)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            var preview = new ConfigurationBuilder()
                .AddConfiguration(configuration)
                .AddInMemoryCollection(change.Values.Select(p => new KeyValuePair<string, string?>(p.Key, Raw(p.Value))))
                .Build();
            var errors = change.Validate(preview);
            if (errors.Count > 0)
            {
                audit.Write(AuditActions.SettingsChanged, user, clientAddress, change.Area, AuditOutcome.Failure, string.Join("; ", errors));
                return new SettingsSaveResult(errors, [], false);
            }

            var changed = change.Values.Where(p => !string.Equals(configuration[p.Key] ?? "", Raw(p.Value), StringComparison.OrdinalIgnoreCase)).ToList();
            if (changed.Count == 0)
            {
                return new SettingsSaveResult([], [], false);
            }

            var changes = changed.Select(p => change.SecretKeys?.Contains(p.Key) == true
                ? $"{p.Key}: (changed)"
                : $"{p.Key}: {Show(configuration[p.Key] ?? "", p.Value is bool)} → {Show(p.Value)}").ToList();
            Apply(changed.ToDictionary(p => p.Key, p => p.Value));
            audit.Write(AuditActions.SettingsChanged, user, clientAddress, change.Area, AuditOutcome.Success, string.Join("; ", changes));
            return new SettingsSaveResult([], changes, change.RestartNeeded);
        }
    }

    /// <summary>Writes keys to the override file and reloads the configuration from it.</summary>
    internal void Apply(IReadOnlyDictionary<string, object> values)
    {
        OverrideFile.Write(OverrideFilePath, values);
        (configuration as IConfigurationRoot)?.Reload();
    }

    /// <summary>
    /// A value as the audit record shows it. Booleans are written "true"/"false" as in the configuration files and the UI (.NET writes
    /// "True", and the JSON provider reads a file's <c>true</c> back as "True"); <paramref name="boolean"/> says a stored string is one.
    /// </summary>
    private static string Show(object value, bool boolean = false) => value switch
    {
        string { Length: 0 } => "(none)",
        bool b => b ? "true" : "false",
        string s when boolean && bool.TryParse(s, out var b) => b ? "true" : "false",
        _ => Raw(value),
    };

    private static string Raw(object value) => value switch
    {
        TimeSpan t => t.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    private List<string> Validate(PortalSettings s)
    {
        var errors = new List<string>();
        if (!KeyboardLayouts.TryGet(s.DefaultKeymap ?? "", out _))
        {
            errors.Add($"Keyboard layout '{s.DefaultKeymap}' is unknown; choose one of {string.Join(", ", KeyboardLayouts.Names)}.");
        }

        Check(errors, s.JpegQuality is >= 1 and <= 100, "JPEG quality must be between 1 and 100.");
        Check(errors, s.DesiredFps is >= 0 and <= 120, "Frame rate must be between 0 (as fast as frames arrive) and 120.");
        Check(errors, s.VideoWidth is >= 0 and <= 7680 && s.VideoHeight is >= 0 and <= 4320, "Resolution must be at most 7680×4320 (0 = what the source says).");
        Check(errors, (s.VideoWidth == 0) == (s.VideoHeight == 0), "Give both width and height, or 0 for both (what the source says).");
        Check(errors, !string.IsNullOrWhiteSpace(s.VideoDevice), "Name the capture device: a /dev path such as /dev/video0, or part of its driver's name such as tc358743.");
        if (!string.IsNullOrWhiteSpace(s.VideoEdidFile))
        {
            try
            {
                KvmPortal.Hardware.Video.EdidImage.Load(s.VideoEdidFile.Trim());
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                errors.Add($"EDID file {s.VideoEdidFile.Trim()}: {ex.Message}");
            }
        }

        Check(errors, s.JigglerIntervalSeconds is >= 5 and <= 3600, "Jiggler interval must be between 5 and 3600 seconds.");
        Check(errors, Enum.IsDefined(s.HidOutput), "Unknown HID output.");

        var o = Bind();
        o.Security.SessionRevalidation = TimeSpan.FromSeconds(s.SessionRevalidationSeconds);
        Check(errors, s.SessionIdleMinutes is >= 0 and <= 10080, "Idle sign-out must be between 0 (never) and 10080 minutes (a week).");
        o.Security.SessionIdleTimeout = TimeSpan.FromMinutes(Math.Clamp(s.SessionIdleMinutes, 0, 10080));
        if (schema.FindUnknownKeys(configuration) is { Count: > 0 } unknown)
        {
            errors.Add(schema.Describe(unknown));
        }

        AddFailures(errors, new SecurityOptionsValidator().Validate(Options.DefaultName, o.Security));
        AddFailures(errors, new TlsOptionsValidator().Validate(Options.DefaultName, o.Tls));
        return errors;
    }

    private static void Check(List<string> errors, bool ok, string message)
    {
        if (!ok)
        {
            errors.Add(message);
        }
    }

    private static void AddFailures(List<string> errors, ValidateOptionsResult result)
    {
        if (result.Failed)
        {
            errors.AddRange(result.Failures);
        }
    }

    private EditedSections Bind() => EditedSections.Bind(configuration);
}
