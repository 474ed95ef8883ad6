using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KvmPortal.Security;

/// <summary>Loads the configured PEM certificate, or generates a self-signed one into DataDirectory/tls on first start and reuses it.</summary>
public static class TlsCertificateProvider
{
    public static X509Certificate2 Load(TlsOptions options, string dataDirectory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            return FromPem(options.CertificatePath, options.KeyPath);
        }

        var folder = Path.Combine(dataDirectory, "tls");
        var certPath = Path.Combine(folder, "selfsigned.crt");
        var keyPath = Path.Combine(folder, "selfsigned.key");
        if (!File.Exists(certPath) || !File.Exists(keyPath))
        {
            Directory.CreateDirectory(folder);
            Generate(certPath, keyPath, time.GetUtcNow());
        }

        return FromPem(certPath, keyPath);
    }

    private static X509Certificate2 FromPem(string certPath, string keyPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certPath, string.IsNullOrWhiteSpace(keyPath) ? null : keyPath);
        // Re-import so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private static void Generate(string certPath, string keyPath, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={Dns.GetHostName()}, O=KvmPortal", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(Dns.GetHostName());
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var cert = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(certPath, cert.ExportCertificatePem());
    }
}
