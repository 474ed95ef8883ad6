using System.Globalization;
using KvmPortal.Hardware.Serial;
using KvmPortal.Settings;
using Microsoft.Extensions.Options;

namespace KvmPortal.Serial;

/// <summary>
/// What the serial settings card saves: each configured port's line settings (by index, so name and device stay as configured) and the
/// paste pacing. Checked with <see cref="SerialOptionsValidator"/> against the would-be configuration. Nothing needs a restart: the
/// ports follow the configuration (<see cref="SerialPortSet.ApplyLineSettings"/>) and the terminals read the pacing per message.
/// </summary>
public static class SerialSettingsChange
{
    public const string Section = "KvmPortal:Serial";

    public static SettingsKeyChange Create(IReadOnlyList<SerialPortOptions> ports, int pasteLineDelayMs, int pasteCharDelayMs)
    {
        ArgumentNullException.ThrowIfNull(ports);
        var values = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [$"{Section}:PasteLineDelayMs"] = pasteLineDelayMs,
            [$"{Section}:PasteCharDelayMs"] = pasteCharDelayMs,
        };
        for (var i = 0; i < ports.Count; i++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"{Section}:Ports:{i}");
            values[$"{key}:BaudRate"] = ports[i].BaudRate;
            values[$"{key}:DataBits"] = ports[i].DataBits;
            values[$"{key}:Parity"] = ports[i].Parity.ToString();
            values[$"{key}:StopBits"] = ports[i].StopBits.ToString();
            values[$"{key}:FlowControl"] = ports[i].FlowControl.ToString();
        }

        return new SettingsKeyChange("serial", values, Validate, RestartNeeded: false);
    }

    /// <summary>The validator's failures for the configuration as it would be (a value that does not bind is one too).</summary>
    public static IReadOnlyList<string> Validate(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new SerialOptions();
        try
        {
            configuration.GetSection(Section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            return [ex.Message];
        }

        var result = new SerialOptionsValidator().Validate(Options.DefaultName, options);
        return result.Failed ? [.. result.Failures] : [];
    }
}
