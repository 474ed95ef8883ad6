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
