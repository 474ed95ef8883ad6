using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KvmPortal.Audit;
using KvmPortal.Data;

namespace KvmPortal.Settings;

/// <summary>
/// Installs an uploaded PEM certificate and key: checks that both parse and that the key belongs to the certificate, saves them into
/// the data directory's <c>tls</c> folder (key readable by the owner only) and points <c>KvmPortal:Tls</c> at them. Kestrel reads
/// them at start, so a restart is needed. The audit row names the subject and thumbprint, never the key.
/// </summary>
public sealed class TlsCertificateInstaller(SettingsService settings, DataDirectory dataDirectory, IAuditLog audit, TimeProvider time)
{
    /// <summary>Validates and installs; returns the error (nothing changed) or null and a description of the certificate.</summary>
    public (string? Error, string? Installed) Install(string certificatePem, string keyPem, string user, string? clientAddress)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(certificatePem ?? "", keyPem ?? "");
        }
        catch (CryptographicException e)
        {
            var error = $"The certificate and key were not accepted: {e.Message} Paste a PEM certificate (BEGIN CERTIFICATE) and its own PEM private key.";
            audit.Write(AuditActions.SettingsChanged, user, clientAddress, "tls", AuditOutcome.Failure, "certificate rejected");
            return (error, null);
        }
        catch (ArgumentException e)
        {
            audit.Write(AuditActions.SettingsChanged, user, clientAddress, "tls", AuditOutcome.Failure, "certificate rejected");
            return ($"The certificate and key were not accepted: {e.Message}", null);
        }

        using (certificate)
        {
            if (certificate.NotAfter.ToUniversalTime() < time.GetUtcNow().UtcDateTime)
            {
                return ($"The certificate expired on {certificate.NotAfter:yyyy-MM-dd}.", null);
            }

            var folder = Path.Combine(dataDirectory.Path, "tls");
            Directory.CreateDirectory(folder);
            var certPath = Path.Combine(folder, "uploaded-cert.pem");
            var keyPath = Path.Combine(folder, "uploaded-key.pem");
            WriteAtomically(keyPath, keyPem!, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            WriteAtomically(certPath, certificatePem!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            settings.Apply(new Dictionary<string, object> { ["KvmPortal:Tls:CertificatePath"] = certPath, ["KvmPortal:Tls:KeyPath"] = keyPath });
            var description = $"{certificate.Subject}, thumbprint {certificate.Thumbprint}, valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}";
            audit.Write(AuditActions.SettingsChanged, user, clientAddress, "tls", AuditOutcome.Success, "certificate installed: " + description);
            return (null, description);
        }
    }

    private static void WriteAtomically(string path, string text, UnixFileMode mode)
    {
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        using (var stream = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
        }

        File.Move(temp, path, overwrite: true);
    }
}
