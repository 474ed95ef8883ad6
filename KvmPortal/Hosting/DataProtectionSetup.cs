using KvmPortal.Data;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hosting;

/// <summary>
/// Keeps the cookie-protection keys in DataDirectory/keys so sign-ins survive a restart. The folder is 0700 and owned by the service
/// user; the keys are not encrypted inside it, because Linux has no machine key store and a key to encrypt them would have to lie
/// next to them. ASP.NET Core's "No XML encryptor configured" warning is therefore silenced (see <see cref="SilenceUnencryptedKeyWarning"/>)
/// and this is said once, plainly, at start.
/// </summary>
public sealed partial class DataProtectionSetup(DataDirectory dataDirectory, ILoggerFactory loggers) : IConfigureOptions<KeyManagementOptions>
{
    public void Configure(KeyManagementOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var folder = Directory.CreateDirectory(Path.Combine(dataDirectory.Path, "keys"));
        File.SetUnixFileMode(folder.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        options.XmlRepository = new FileSystemXmlRepository(folder, loggers);
        var logger = loggers.CreateLogger<DataProtectionSetup>();
        var path = folder.FullName;
        LogKeys(logger, path);
    }

    /// <summary>Drops only the key manager's warnings (event 35, "No XML encryptor configured"); its errors still show.</summary>
    public static void SilenceUnencryptedKeyWarning(ILoggingBuilder logging) =>
        logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in cookie keys are kept in {Folder} (mode 0700, readable only by this service's user; not encrypted at rest).")]
    private static partial void LogKeys(ILogger logger, string folder);
}
