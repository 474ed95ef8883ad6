using System.Text.Json.Nodes;
using KvmPortal.Audit;
using KvmPortal.Hardware.Hid;
using KvmPortal.Settings;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace KvmPortal.Tests.Settings;

public sealed class SettingsServiceTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly RecordingAuditLog _audit = new();

    private string OverridePath => Path.Combine(_dir.Path, "override.json");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Save_WritesChangedKeys_KeepsOtherKeys_AndReloads()
    {
        File.WriteAllText(OverridePath, """{ "KvmPortal": { "Atx": { "Backend": "Disabled" }, "Video": { "Device": "/dev/video7" } }, "Other": 5 }""");
        var service = Create();
        var values = service.Current();
        Assert.Equal(80, values.JpegQuality);

        values.JpegQuality = 55;
        values.DefaultKeymap = "de";
        values.HidOutput = HidBackend.Serial;
        var result = service.Save(values, "alice", "10.0.0.1");

        Assert.True(result.Succeeded);
        Assert.True(result.RestartNeeded);
        var json = JsonNode.Parse(File.ReadAllText(OverridePath))!;
        Assert.Equal(55, (int)json["KvmPortal"]!["Video"]!["JpegQuality"]!);
        Assert.Equal("/dev/video7", (string?)json["KvmPortal"]!["Video"]!["Device"]);
        Assert.Equal("Disabled", (string?)json["KvmPortal"]!["Atx"]!["Backend"]);
        Assert.Equal(5, (int)json["Other"]!);
        Assert.Equal("de", (string?)json["KvmPortal"]!["Hid"]!["DefaultKeymap"]);
        Assert.Null(json["KvmPortal"]!["Ipmi"]);
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp-*"));

        // A fresh service on a fresh configuration (a restart) reads the saved values back.
        var restarted = Create().Current();
        Assert.Equal(55, restarted.JpegQuality);
        Assert.Equal(HidBackend.Serial, restarted.HidOutput);
        Assert.Equal(55, service.Current().JpegQuality);
    }

    [Fact]
    public void Save_AuditsOldAndNewValues()
    {
        var service = Create();
        var values = service.Current();
        values.JpegQuality = 60;
        values.DesiredFps = 15;

        service.Save(values, "alice", "10.0.0.1");

        var row = Assert.Single(_audit.Rows);
        Assert.Equal((AuditActions.SettingsChanged, "alice", "settings", AuditOutcome.Success), row);
        var details = _audit.Details[0]!;
        Assert.Contains("KvmPortal:Video:JpegQuality: 80 → 60", details, StringComparison.Ordinal);
        Assert.Contains("KvmPortal:Video:DesiredFps: 30 → 15", details, StringComparison.Ordinal);
        Assert.DoesNotContain("Keymap", details, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_AuditsBooleans_LowerCase()
    {
        var service = Create();
        var values = service.Current();
        var jiggler = values.JigglerEnabled;
        values.JigglerEnabled = !jiggler;

        service.Save(values, "alice", null);

        var details = Assert.Single(_audit.Details)!;
        var (from, to) = jiggler ? ("true", "false") : ("false", "true");
        Assert.Contains($"KvmPortal:Hid:JigglerEnabled: {from} → {to}", details, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("quality")]
    [InlineData("keymap")]
    [InlineData("revalidation")]
    [InlineData("halfResolution")]
    [InlineData("idleNegative")]
    [InlineData("noDevice")]
    [InlineData("edidMissing")]
    [InlineData("edidBroken")]
    public void Save_RejectsInvalidValues_AndChangesNothing(string which)
    {
        const string original = """{ "KvmPortal": { "Video": { "JpegQuality": 70 } } }""";
        File.WriteAllText(OverridePath, original);
        var service = Create();
        var values = service.Current();
        values.DesiredFps = 10;
        switch (which)
        {
            case "quality": values.JpegQuality = 0; break;
            case "keymap": values.DefaultKeymap = "klingon"; break;
            case "revalidation": values.SessionRevalidationSeconds = 0; break;
            case "idleNegative": values.SessionIdleMinutes = -1; break;
            case "noDevice": values.VideoDevice = " "; break;
            case "edidMissing": values.VideoEdidFile = Path.Combine(_dir.Path, "nope.bin"); break;
            case "edidBroken": File.WriteAllText(Path.Combine(_dir.Path, "broken.hex"), "00ff"); values.VideoEdidFile = Path.Combine(_dir.Path, "broken.hex"); break;
            default: values.VideoWidth = 1920; break;
        }

        var result = service.Save(values, "alice", null);

        Assert.False(result.Succeeded);
        Assert.NotEmpty(result.Errors);
        Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e)));
        Assert.Equal(original, File.ReadAllText(OverridePath));
        Assert.Equal(30, service.Current().DesiredFps);
        Assert.Equal(AuditOutcome.Failure, Assert.Single(_audit.Rows).Outcome);
    }

    [Fact]
    public void VideoSourceEdidAndIdleTimeout_AreSaved_OnlyTheIdleTimeoutAppliesWithoutARestart()
    {
        var edid = new byte[128];
        new byte[] { 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00 }.CopyTo(edid, 0);
        edid[127] = (byte)((256 - edid.Take(127).Sum(b => b) % 256) % 256);
        var edidPath = Path.Combine(_dir.Path, "1080p.bin");
        File.WriteAllBytes(edidPath, edid);
        var service = Create();
        var values = service.Current();
        Assert.Equal(60, values.SessionIdleMinutes);

        values.SessionIdleMinutes = 0;
        var idleOnly = service.Save(values, "alice", null);
        Assert.True(idleOnly.Succeeded);
        Assert.False(idleOnly.RestartNeeded);
        Assert.Equal("00:00:00", (string?)JsonNode.Parse(File.ReadAllText(OverridePath))!["KvmPortal"]!["Security"]!["SessionIdleTimeout"]);

        values.VideoDevice = "tc358743";
        values.VideoEdidFile = edidPath;
        var video = service.Save(values, "alice", null);
        Assert.True(video.Succeeded, string.Join("; ", video.Errors));
        Assert.True(video.RestartNeeded);
        var json = JsonNode.Parse(File.ReadAllText(OverridePath))!;
        Assert.Equal("tc358743", (string?)json["KvmPortal"]!["Video"]!["Device"]);
        Assert.Equal(edidPath, (string?)json["KvmPortal"]!["Video"]!["EdidFile"]);
        Assert.Equal(0, Create().Current().SessionIdleMinutes);
    }

    [Fact]
    public void Save_UnknownKeyAlreadyInConfiguration_IsReportedByTheStrictValidator()
    {
        File.WriteAllText(OverridePath, """{ "KvmPortal": { "Video": { "JpegQualty": 70 } } }""");
        var service = Create();
        var values = service.Current();
        values.JpegQuality = 50;

        var result = service.Save(values, "alice", null);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Contains("JpegQualty", StringComparison.Ordinal));
    }

    private SettingsService Create() => OverrideFileSettings.Create(OverridePath, _audit, out _);
}
