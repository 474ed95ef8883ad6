using System.Globalization;
using System.Text.RegularExpressions;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Deploy;

/// <summary>
/// The Debian packages the tests install, made by deploy/pi/package.sh from the cached publish (<see cref="PublishedBuild"/>)
/// once per test run: the package as package.sh builds it by default (version from git, xz), and a "next commit" build of
/// the same app (version with the commit count plus one, zstd so the second build takes seconds) for the upgrade.
/// </summary>
public static partial class DebianPackages
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, PackagePair> Built = [];

    /// <summary>The packages for <paramref name="arch"/> (arm64 or amd64).</summary>
    public static PackagePair Get(string arch)
    {
        lock (Gate)
        {
            if (Built.TryGetValue(arch, out var pair))
            {
                return pair;
            }

            var publish = PublishedBuild.Get(arch == "arm64" ? "linux-arm64" : "linux-x64");
            var output = Path.Combine(PublishedBuild.CacheRoot, "packages-" + arch);
            var key = Key(publish);
            var complete = Path.Combine(output, ".complete");
            if (File.Exists(complete) && File.ReadAllLines(complete) is [var k, var a, var b] && k == key && File.Exists(a) && File.Exists(b))
            {
                pair = new PackagePair(a, Field(a, "Version"), b, Field(b, "Version"));
            }
            else
            {
                if (Directory.Exists(output))
                {
                    Directory.Delete(output, recursive: true);
                }

                var script = Path.Combine(RepositoryRoot.Find(), "deploy", "pi", "package.sh");
                var first = Build(script, ["--arch", arch, "--publish", publish, "--output", output]);
                var version = Field(first, "Version");
                var next = NextCommit(version);
                var second = Build(script, ["--arch", arch, "--publish", publish, "--output", Path.Combine(output, "next"), "--version", next,
                    "--compression", "zstd"]);
                pair = new PackagePair(first, version, second, next);
                File.WriteAllLines(complete, [key, first, second]);
            }

            Built[arch] = pair;
            return pair;
        }
    }

    /// <summary>A field of the package's control file (dpkg-deb -f).</summary>
    public static string Field(string deb, string field) =>
        DeployProcess.RunChecked("dpkg-deb", ["-f", deb, field], TimeSpan.FromMinutes(1)).Stdout.Trim();

    /// <summary>The version the next commit gets: 0.1.0+134.gabcdef12 becomes 0.1.0+135.gabcdef12.</summary>
    public static string NextCommit(string version)
    {
        var match = CountPattern().Match(version);
        if (!match.Success)
        {
            throw new InvalidOperationException("not a package.sh version: " + version);
        }

        var count = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) + 1;
        return version[..match.Groups[1].Index] + count.ToString(CultureInfo.InvariantCulture) + version[(match.Groups[1].Index + match.Groups[1].Length)..];
    }

    /// <summary>What the packages are made of: the publish (its folder name holds the source hash), the commit and the
    /// packaging sources. Equal keys reuse the packages of an earlier test run.</summary>
    private static string Key(string publish)
    {
        var repo = RepositoryRoot.Find();
        var head = DeployProcess.Run("git", ["-C", repo, "rev-parse", "HEAD"], TimeSpan.FromSeconds(30)).Stdout.Trim();
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var files = Directory.EnumerateFiles(Path.Combine(repo, "deploy", "pi"), "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(repo, "docs"), "*.md"))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(file + "\0"));
            sha.AppendData(File.ReadAllBytes(file));
        }

        return Path.GetFileName(publish) + " " + head + " " + Convert.ToHexString(sha.GetHashAndReset())[..16];
    }

    private static string Build(string script, string[] arguments)
    {
        var result = DeployProcess.RunChecked("bash", [script, .. arguments], TimeSpan.FromMinutes(20));
        var deb = result.Stdout.Trim().Split('\n').Last();
        if (!File.Exists(deb))
        {
            throw new InvalidOperationException("package.sh printed no package: " + result.Stdout + result.Stderr);
        }

        return deb;
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+\+(\d+)\.g[0-9a-f]{8}")]
    private static partial Regex CountPattern();
}
