using System.Security.Cryptography;

namespace KvmPortal.Tests.Deploy;

/// <summary>
/// install.sh run twice (an upgrade) then --uninstall on a fresh bookworm chroot: every file outside the data folder is
/// exactly as before the install (content, mode, owner), and --purge removes the data folder too.
/// </summary>
[Trait("Category", "Deploy")]
[Collection(DeployTestGroup.Name)]
public class UninstallTests
{
    // Not part of the system's state: the lock useradd/groupdel take, the shadow-utils backups (name-), logs and caches.
    private static readonly string[] Ignored = ["etc/.pwd.lock", "var/log/", "var/cache/", "tmp/"];

    [Fact]
    public void Reinstall_is_idempotent_and_uninstall_restores_every_file_but_the_data_folder()
    {
        var build = PublishedBuild.Get("linux-x64");
        using var root = BookwormRoot.Extract();
        root.AddRaspberryPiBootFiles();
        var before = Snapshot(root.Path);

        root.Install("--from", build, "--no-apt");
        File.WriteAllText(root.Combine("var/lib/kvmportal/kvmportal.db"), "data");
        var second = root.Install("--from", build, "--no-apt");
        Assert.Contains("kept your /etc/kvmportal/override.json", second.Stderr, StringComparison.Ordinal);
        var config = root.Read("boot/firmware/config.txt");
        Assert.Single(config.Split('\n'), l => l == "dtoverlay=tc358743");
        Assert.Single(root.Read("boot/firmware/cmdline.txt").Split(' '), t => t.StartsWith("cma=", StringComparison.Ordinal));

        root.Install("--uninstall");
        var after = Snapshot(root.Path);
        var changed = before.Keys.Union(after.Keys)
            .Where(p => !before.TryGetValue(p, out var b) || !after.TryGetValue(p, out var a) || a != b)
            .Where(p => !p.StartsWith("var/lib/kvmportal", StringComparison.Ordinal))
            .ToList();
        Assert.True(changed.Count == 0, "left behind or changed: " + string.Join(", ", changed));
        Assert.Equal("data", root.Read("var/lib/kvmportal/kvmportal.db"));

        root.Install("--from", build, "--no-apt");
        root.Install("--uninstall", "--purge");
        Assert.False(Directory.Exists(root.Combine("var/lib/kvmportal")));
        var purged = Snapshot(root.Path);
        Assert.Equal(before.Count, purged.Count);
    }

    /// <summary>Path → "type mode uid gid content-hash-or-link-target" for every file and link (directories left out).</summary>
    private static Dictionary<string, string> Snapshot(string root)
    {
        var listing = DeployProcess.RunChecked("find", [root, "-xdev", "-not", "-type", "d", "-printf", @"%P\t%y %m %U %G %l\n"],
            TimeSpan.FromMinutes(1)).Stdout;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            var path = line[..tab];
            if (Ignored.Any(i => path.StartsWith(i, StringComparison.Ordinal)) || (path.StartsWith("etc/", StringComparison.Ordinal) && path.EndsWith('-')))
            {
                continue;
            }

            var meta = line[(tab + 1)..];
            if (meta.StartsWith('f'))
            {
                using var stream = File.OpenRead(Path.Combine(root, path));
                meta += " " + Convert.ToHexString(SHA256.HashData(stream));
            }

            result[path] = meta;
        }

        return result;
    }
}
