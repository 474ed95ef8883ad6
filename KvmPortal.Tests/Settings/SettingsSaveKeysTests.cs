using System.Text.Json.Nodes;
using KvmPortal.Audit;
using KvmPortal.Settings;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace KvmPortal.Tests.Settings;

/// <summary>The path a feature's settings card saves through: validated against the would-be configuration, written, audited.</summary>
public sealed class SettingsSaveKeysTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly RecordingAuditLog _audit = new();

    private string OverridePath => Path.Combine(_dir.Path, "override.json");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void SaveKeys_WritesChangedKeys_AuditsOldAndNew_HidesSecrets()
    {
        File.WriteAllText(OverridePath, """{ "KvmPortal": { "Demo": { "Port": 5900, "Keep": "x" } } }""");
        var service = Create(out var configuration);
        var change = new SettingsKeyChange(
            "demo",
            new Dictionary<string, object> { ["KvmPortal:Demo:Port"] = 5901, ["KvmPortal:Demo:Enabled"] = true, ["KvmPortal:Demo:Secret"] = "s3cret-value" },
            c => c.GetValue<int>("KvmPortal:Demo:Port") is > 0 and < 65536 ? [] : ["bad port"],
            RestartNeeded: true,
            SecretKeys: new HashSet<string> { "KvmPortal:Demo:Secret" });

        var result = service.SaveKeys(change, "alice", "10.0.0.1");

        Assert.True(result.Succeeded);
        Assert.True(result.RestartNeeded);
        Assert.Equal(3, result.Changes.Count);
        var json = JsonNode.Parse(File.ReadAllText(OverridePath))!["KvmPortal"]!["Demo"]!;
        Assert.Equal(5901, (int)json["Port"]!);
        Assert.True((bool)json["Enabled"]!);
        Assert.Equal("x", (string?)json["Keep"]);
        Assert.Equal("5901", configuration["KvmPortal:Demo:Port"]);
        var details = Assert.Single(_audit.Details)!;
        Assert.Contains("KvmPortal:Demo:Port: 5900 → 5901", details, StringComparison.Ordinal);
        Assert.Contains("KvmPortal:Demo:Secret: (changed)", details, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", details, StringComparison.Ordinal);
        Assert.Equal((AuditActions.SettingsChanged, "alice", "demo", AuditOutcome.Success), Assert.Single(_audit.Rows));

        // The same values again: nothing to change, nothing audited.
        Assert.Empty(service.SaveKeys(change, "alice", null).Changes);
        Assert.Single(_audit.Rows);
    }

    [Fact]
    public void SaveKeys_AuditsBooleans_LowerCase_AsTheConfigurationFileAndTheUiWriteThem()
    {
        File.WriteAllText(OverridePath, """{ "KvmPortal": { "Demo": { "Enabled": true, "Other": false } } }""");
        var service = Create(out _);
        var change = new SettingsKeyChange(
            "demo",
            new Dictionary<string, object> { ["KvmPortal:Demo:Enabled"] = false, ["KvmPortal:Demo:Other"] = true, ["KvmPortal:Demo:New"] = true },
            _ => [],
            RestartNeeded: false);

        Assert.True(service.SaveKeys(change, "alice", null).Succeeded);

        var details = Assert.Single(_audit.Details)!;
        Assert.Contains("KvmPortal:Demo:Enabled: true → false", details, StringComparison.Ordinal);
        Assert.Contains("KvmPortal:Demo:Other: false → true", details, StringComparison.Ordinal);
        Assert.Contains("KvmPortal:Demo:New: (none) → true", details, StringComparison.Ordinal);
        Assert.DoesNotContain("True", details, StringComparison.Ordinal);
        Assert.DoesNotContain("False", details, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveKeys_RefusedByTheCardsCheck_ChangesNothing_AuditsTheRefusal()
    {
        const string original = """{ "KvmPortal": { "Demo": { "Port": 5900 } } }""";
        File.WriteAllText(OverridePath, original);
        var service = Create(out _);
        var change = new SettingsKeyChange(
            "demo",
            new Dictionary<string, object> { ["KvmPortal:Demo:Port"] = 70000 },
            c => c.GetValue<int>("KvmPortal:Demo:Port") is > 0 and < 65536 ? [] : ["Port must be 1-65535."],
            RestartNeeded: false);

        var result = service.SaveKeys(change, "alice", null);

        Assert.False(result.Succeeded);
        Assert.Equal(["Port must be 1-65535."], result.Errors);
        Assert.Equal(original, File.ReadAllText(OverridePath));
        Assert.Equal(AuditOutcome.Failure, Assert.Single(_audit.Rows).Outcome);
    }

    private SettingsService Create(out IConfigurationRoot configuration) => OverrideFileSettings.Create(OverridePath, _audit, out configuration);
}
