using System.IO.Ports;
using KvmPortal.Audit;
using KvmPortal.Hardware.Serial;
using KvmPortal.Serial;
using KvmPortal.Settings;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Serial;

/// <summary>
/// The serial settings card's save path on a real override file: line settings by port index and the paste pacing are written and
/// audited, a bad value changes nothing, and the options monitor the ports and terminals read sees the new values without a restart.
/// </summary>
public sealed class SerialSettingsChangeTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly RecordingAuditLog _audit = new();

    private string OverridePath => Path.Combine(_dir.Path, "override.json");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Save_WritesLineSettingsAndPacing_TheMonitorSeesThem_AndABadValueChangesNothing()
    {
        File.WriteAllText(OverridePath, """
            { "KvmPortal": { "Serial": { "Backend": "Device", "LogDirectory": "/tmp/x",
              "Ports": [ { "Name": "server", "Device": "/dev/ttyUSB0", "BaudRate": 115200 }, { "Name": "switch", "Device": "/dev/ttyUSB1", "BaudRate": 9600 } ] } } }
            """);
        var service = OverrideFileSettings.Create(OverridePath, _audit, out var configuration);
        using var services = new ServiceCollection().Configure<SerialOptions>(configuration.GetSection("KvmPortal:Serial")).BuildServiceProvider();
        var monitor = services.GetRequiredService<IOptionsMonitor<SerialOptions>>();
        SerialPortOptions[] ports =
        [
            new() { Name = "server", BaudRate = 57600, DataBits = 7, Parity = Parity.Even, StopBits = StopBits.Two, FlowControl = Handshake.RequestToSend },
            new() { Name = "switch", BaudRate = 9600 },
        ];

        var result = service.SaveKeys(SerialSettingsChange.Create(ports, 20, 3), "alice", "10.0.0.1");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.False(result.RestartNeeded);
        var now = monitor.CurrentValue;
        Assert.Equal((57600, 7, Parity.Even, StopBits.Two, Handshake.RequestToSend),
            (now.Ports[0].BaudRate, now.Ports[0].DataBits, now.Ports[0].Parity, now.Ports[0].StopBits, now.Ports[0].FlowControl));
        Assert.Equal(("server", "/dev/ttyUSB0"), (now.Ports[0].Name, now.Ports[0].Device));
        Assert.Equal(("switch", 9600), (now.Ports[1].Name, now.Ports[1].BaudRate));
        Assert.Equal((20, 3), (now.PasteLineDelayMs, now.PasteCharDelayMs));
        var details = Assert.Single(_audit.Details)!;
        Assert.Contains("KvmPortal:Serial:Ports:0:BaudRate: 115200 → 57600", details, StringComparison.Ordinal);
        Assert.Equal((AuditActions.SettingsChanged, "alice", "serial", AuditOutcome.Success), Assert.Single(_audit.Rows));

        var before = File.ReadAllText(OverridePath);
        var refused = service.SaveKeys(SerialSettingsChange.Create(ports, 20, 5000), "alice", null);
        Assert.Contains(refused.Errors, e => e.Contains("PasteCharDelayMs (5000)", StringComparison.Ordinal));
        Assert.Equal(before, File.ReadAllText(OverridePath));
        Assert.Equal(3, monitor.CurrentValue.PasteCharDelayMs);
    }

    [Fact]
    public void Pacer_SplitsUtf8IntoWholeCharacters()
    {
        var pieces = SerialInputPacer.Characters("aé✓"u8.ToArray());
        Assert.Equal([1, 2, 3], pieces.Select(p => p.Length));
    }
}
