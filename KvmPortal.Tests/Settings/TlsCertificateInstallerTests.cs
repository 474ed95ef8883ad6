using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using KvmPortal.Audit;
using KvmPortal.Data;
using KvmPortal.Settings;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace KvmPortal.Tests.Settings;

public sealed class TlsCertificateInstallerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly RecordingAuditLog _audit = new();

    private string OverridePath => Path.Combine(_dir.Path, "etc", "override.json");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Install_MatchingPair_SavesIntoTlsFolder_AndPointsTheOverrideFileAtIt()
    {
        var (cert, key) = NewPair("kvm.example");
        var installer = Create(out var data);

        var (error, installed) = installer.Install(cert, key, "alice", "10.0.0.1");

        Assert.Null(error);
        Assert.Contains("CN=kvm.example", installed, StringComparison.Ordinal);
        var keyPath = Path.Combine(data, "tls", "uploaded-key.pem");
        Assert.Equal(key, File.ReadAllText(keyPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        var json = JsonNode.Parse(File.ReadAllText(OverridePath))!["KvmPortal"]!["Tls"]!;
        Assert.Equal(keyPath, (string?)json["KeyPath"]);
        Assert.Equal(Path.Combine(data, "tls", "uploaded-cert.pem"), (string?)json["CertificatePath"]);
        Assert.Equal((AuditActions.SettingsChanged, "alice", "tls", AuditOutcome.Success), Assert.Single(_audit.Rows));
        Assert.DoesNotContain("PRIVATE KEY", _audit.Details[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Install_KeyOfAnotherCertificate_IsRefused_AndNothingIsWritten()
    {
        var (cert, _) = NewPair("a.example");
        var (_, otherKey) = NewPair("b.example");
        var installer = Create(out var data);

        var (error, installed) = installer.Install(cert, otherKey, "alice", null);

        Assert.NotNull(error);
        Assert.Null(installed);
        Assert.False(Directory.Exists(Path.Combine(data, "tls")));
        Assert.False(File.Exists(OverridePath));
        Assert.Equal(AuditOutcome.Failure, Assert.Single(_audit.Rows).Outcome);
    }

    [Fact]
    public void Install_NotPem_IsRefusedWithAMessage()
    {
        var installer = Create(out _);

        var (error, _) = installer.Install("hello", "world", "alice", null);

        Assert.Contains("not accepted", error, StringComparison.Ordinal);
        Assert.False(File.Exists(OverridePath));
    }

    private static (string Cert, string Key) NewPair(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return (cert.ExportCertificatePem(), rsa.ExportPkcs8PrivateKeyPem());
    }

    private TlsCertificateInstaller Create(out string dataPath)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["KvmPortal:OverrideFile"] = OverridePath })
            .Build();
        var data = new DataDirectory(Path.Combine(_dir.Path, "data"));
        dataPath = data.Path;
        return new TlsCertificateInstaller(new SettingsService(configuration, _audit, AppConfigurationSchema.Value), data, _audit, TimeProvider.System);
    }
}
