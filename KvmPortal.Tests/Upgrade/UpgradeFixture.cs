using System.Text.Json;

namespace KvmPortal.Tests.Upgrade;

/// <summary>The committed database of KvmPortal 0.1.0 (EF Core 6) and what its generator wrote into it (Fixtures/ef6-0.1.0).</summary>
public sealed record UpgradeFixture(
    string GeneratedBy,
    string LastMigration,
    IReadOnlyList<UpgradeFixture.User> Users,
    IReadOnlyList<UpgradeFixture.Token> Tokens,
    IReadOnlyList<UpgradeFixture.MacroRow> Macros,
    IReadOnlyList<UpgradeFixture.AuditRow> Audit,
    UpgradeFixture.Protected DataProtection)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Upgrade", "Fixtures", "ef6-0.1.0");

    public static UpgradeFixture Load() =>
        JsonSerializer.Deserialize<UpgradeFixture>(File.ReadAllText(Path.Combine(Folder, "manifest.json")), Json)!;

    /// <summary>Copies the database and key ring into <paramref name="dataDirectory"/> as an installation would have them.</summary>
    public static void CopyTo(string dataDirectory)
    {
        File.Copy(Path.Combine(Folder, "kvmportal.db"), Path.Combine(dataDirectory, "kvmportal.db"), overwrite: true);
        File.SetUnixFileMode(Path.Combine(dataDirectory, "kvmportal.db"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var keys = Directory.CreateDirectory(Path.Combine(dataDirectory, "keys"));
        foreach (var key in Directory.GetFiles(Path.Combine(Folder, "keys")))
        {
            File.Copy(key, Path.Combine(keys.FullName, Path.GetFileName(key)), overwrite: true);
        }
    }

    public sealed record User(string Name, string Password, string Role, string? TotpKey, string? RecoveryCode, string Id);

    public sealed record Token(string User, string Name, string Id, string Text, string Permissions, bool Revoked);

    public sealed record MacroRow(long Id, string Name, string Owner, bool Shared, string StepsJson, long UpdatedTicks);

    public sealed record AuditRow(long Id, long TimeTicks, string? User, string? ClientAddress, string Action, string? Target, string Outcome, string? Details);

    public sealed record Protected(string Purpose, string Plaintext, string ProtectedPayload);
}
