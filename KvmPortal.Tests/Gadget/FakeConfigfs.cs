using KvmPortal.Hardware.Gadget;

namespace KvmPortal.Tests.Gadget;

/// <summary>
/// Emulates configfs on a plain directory tree: rmdir removes the attribute files the kernel would own, and refuses (like configfs)
/// when a user-made child directory or a symlink is still inside. Every mutating operation is logged for order checks.
/// </summary>
internal sealed class FakeConfigfs(string root) : ConfigfsFileSystem
{
    private static readonly HashSet<string> DefaultGroups = ["lun.0", "strings", "functions", "configs", "os_desc", "webusb"];

    public List<string> Log { get; } = [];

    public override void CreateDirectory(string path)
    {
        Log.Add("mkdir " + Rel(path));
        base.CreateDirectory(path);
    }

    public override void Write(string path, byte[] value)
    {
        Log.Add("write " + Rel(path));
        base.Write(path, value);
    }

    public override void Link(string link, string target)
    {
        Log.Add("link " + Rel(link));
        base.Link(link, target);
    }

    public override void Unlink(string link)
    {
        Log.Add("unlink " + Rel(link));
        base.Unlink(link);
    }

    public override void RemoveDirectory(string path)
    {
        Log.Add("rmdir " + Rel(path));
        Check(path, top: true);
        Directory.Delete(path, recursive: true);
    }

    private static void Check(string dir, bool top)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(dir))
        {
            if (new FileInfo(entry).LinkTarget is not null)
            {
                throw new IOException($"configfs would refuse rmdir: link {entry} still inside");
            }

            if (Directory.Exists(entry))
            {
                if (!DefaultGroups.Contains(Path.GetFileName(entry)) || !top)
                {
                    throw new IOException($"configfs would refuse rmdir: directory {entry} still inside");
                }

                Check(entry, top: false);
            }
        }
    }

    private string Rel(string path) => Path.GetRelativePath(root, path);
}
