using System.Runtime.InteropServices;

namespace KvmPortal.Hardware.Gadget;

/// <summary>
/// The file operations the gadget builder performs on configfs. Real configfs creates attribute files and default groups (lun.0)
/// itself on mkdir and removes them on rmdir; tests override <see cref="RemoveDirectory"/> to emulate that on a plain directory tree.
/// </summary>
internal partial class ConfigfsFileSystem
{
    public virtual bool DirectoryExists(string path) => Directory.Exists(path) && !IsLink(path);

    public virtual void CreateDirectory(string path)
    {
        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path);
        }
    }

    public virtual void Write(string path, string value) => Write(path, System.Text.Encoding.ASCII.GetBytes(value));

    public virtual void Write(string path, byte[] value)
    {
        try
        {
            File.WriteAllBytes(path, value);
        }
        catch (IOException e)
        {
            throw new GadgetException($"Writing {path} failed: {e.Message}", e);
        }
    }

    public virtual string? Read(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;

    public virtual bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    public virtual void Link(string link, string target) => Directory.CreateSymbolicLink(link, target);

    public virtual void Unlink(string link) => File.Delete(link);

    public virtual void RemoveDirectory(string path) => Directory.Delete(path, recursive: false);

    public virtual IEnumerable<string> Entries(string path) =>
        Directory.Exists(path) ? Directory.EnumerateFileSystemEntries(path).Order(StringComparer.Ordinal) : [];

    public virtual void Chown(string path, int uid, int gid)
    {
        if (ChownNative(path, uid, gid) != 0)
        {
            throw new GadgetException($"chown {path} failed (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ChownNative(string path, int uid, int gid);
}
