using System.Text.Json.Nodes;
using KvmPortal.Audit;
using KvmPortal.Ipmi;
using KvmPortal.Settings;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace KvmPortal.Tests.Ipmi;

/// <summary>
/// The IPMI card on the settings page (its own card in the Ipmi folder, so Settings knows no feature): its keys go through
/// <see cref="SettingsService.SaveKeys"/>, are checked with the start validator, say "restart needed", and are audited.
/// </summary>
public sealed class IpmiSettingsTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly RecordingAuditLog _audit = new();

    private string OverridePath => Path.Combine(_dir.Path, "override.json");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Save_WritesTheFourKeys_SaysRestartNeeded_AndAuditsOldAndNew()
    {
        var (service, configuration) = Create();

        var result = service.SaveKeys(IpmiSettings.Change(new IpmiOptions(), enabled: true, sol: false, port: 1623, timeoutSeconds: 90), "alice", "10.0.0.1");

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        Assert.True(result.RestartNeeded);
        var json = JsonNode.Parse(File.ReadAllText(OverridePath))!["KvmPortal"]!["Ipmi"]!;
        Assert.True((bool)json["Enabled"]!);
        Assert.False((bool)json["SolEnabled"]!);
        Assert.Equal(1623, (int)json["Port"]!);
        Assert.Equal("00:01:30", (string?)json["SessionTimeout"]);
        var bound = configuration.GetSection(IpmiOptions.SectionName).Get<IpmiOptions>()!;
        Assert.Equal(TimeSpan.FromSeconds(90), bound.SessionTimeout);
        Assert.Equal((AuditActions.SettingsChanged, "alice", "ipmi", AuditOutcome.Success), Assert.Single(_audit.Rows));
        Assert.Contains("KvmPortal:Ipmi:Port: (none) → 1623", Assert.Single(_audit.Details)!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(70000, 60, "port")]
    [InlineData(623, 0, "SessionTimeout")]
    [InlineData(623, 7200, "SessionTimeout")]
    public void BadValues_AreRefusedWithTheStartValidatorsWords_AndChangeNothing(int port, int timeoutSeconds, string named)
    {
        var (service, _) = Create();

        var result = service.SaveKeys(IpmiSettings.Change(new IpmiOptions(), enabled: true, sol: true, port, timeoutSeconds), "alice", null);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Contains(named, StringComparison.OrdinalIgnoreCase));
        Assert.False(File.Exists(OverridePath));
        Assert.DoesNotContain(_audit.Rows, r => r.Outcome == AuditOutcome.Success);
    }

    [Fact]
    public void SavingTheCurrentValues_NeedsNoRestart()
    {
        var current = new IpmiOptions();
        var change = IpmiSettings.Change(current, current.Enabled, current.SolEnabled, current.Port, (int)current.SessionTimeout.TotalSeconds);
        Assert.False(change.RestartNeeded);
        Assert.Empty(change.Validate(new ConfigurationBuilder().Build()));
    }

    private (SettingsService Service, IConfigurationRoot Configuration) Create()
    {
        var service = OverrideFileSettings.Create(OverridePath, _audit, out var configuration);
        return (service, configuration);
    }
}
