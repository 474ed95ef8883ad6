using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace KvmPortal.Security.Hardening;

/// <summary>Wraps the key repository: every key file it writes ends up 0600, whatever the umask (the folder is 0700 as well).</summary>
public sealed class OwnerOnlyXmlRepository(IXmlRepository inner, string folder) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => inner.GetAllElements();

    public void StoreElement(XElement element, string friendlyName)
    {
        inner.StoreElement(element, friendlyName);
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
