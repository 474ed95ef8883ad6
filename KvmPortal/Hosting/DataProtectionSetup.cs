using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hosting;

/// <summary>Keeps the cookie-protection keys in DataDirectory/keys so sign-ins survive a restart.</summary>
public sealed class DataProtectionSetup(DataDirectory dataDirectory, ILoggerFactory loggers) : IConfigureOptions<KeyManagementOptions>
{
    public void Configure(KeyManagementOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var folder = Directory.CreateDirectory(Path.Combine(dataDirectory.Path, "keys"));
        File.SetUnixFileMode(folder.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        options.XmlRepository = new FileSystemXmlRepository(folder, loggers);
    }
}
