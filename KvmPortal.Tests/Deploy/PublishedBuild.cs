using System.Security.Cryptography;
using System.Text;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Deploy;

/// <summary>
/// Runs deploy/pi/publish.sh for a runtime identifier on a private copy of the sources (so the publish never rewrites the
/// obj/ folders of the build under test) and caches the output under .vmlab-cache/deploy/, keyed by a hash of every source
/// file: an unchanged tree is published once, a changed one again.
/// </summary>
public static class PublishedBuild
{
    private static readonly string[] SourceFolders = ["KvmPortal", "KvmPortal.Hardware", "wwwroot-assets"];
    private static readonly string[] SourceFiles =
        ["deploy/pi/publish.sh", "Directory.Build.props", "Directory.Packages.props", ".editorconfig", "appsettings.json", "global.json",
            "NuGet.config", "nuget.config"];
    private static readonly string[] SkippedFolders = ["bin", "obj", "data"];
    private static readonly Lock Gate = new();

    public static string CacheRoot => Path.Combine(RepositoryRoot.Find(), ".vmlab-cache", "deploy");

    /// <summary>Returns the folder holding the published build for <paramref name="rid"/> (linux-x64 or linux-arm64).</summary>
    public static string Get(string rid)
    {
        lock (Gate)
        {
            var repo = RepositoryRoot.Find();
            var files = EnumerateSources(repo).ToList();
            var key = Hash(repo, files);
            var output = Path.Combine(CacheRoot, $"publish-{rid}-{key}");
            if (File.Exists(Path.Combine(output, ".complete")))
            {
                return output;
            }

            Directory.CreateDirectory(CacheRoot);
            foreach (var old in Directory.EnumerateDirectories(CacheRoot, $"publish-{rid}-*"))
            {
                Directory.Delete(old, recursive: true);
            }

            var copy = Path.Combine(CacheRoot, "src-" + key);
            if (Directory.Exists(copy))
            {
                Directory.Delete(copy, recursive: true);
            }

            foreach (var relative in files)
            {
                var target = Path.Combine(copy, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(Path.Combine(repo, relative), target);
            }

            // The sources are copied without their mode bits: run the scripts through bash.
            try
            {
                DeployProcess.RunChecked("bash", [Path.Combine(copy, "deploy/pi/publish.sh"), rid, "--output", output],
                    TimeSpan.FromMinutes(8), workingDirectory: copy);
            }
            finally
            {
                Directory.Delete(copy, recursive: true);
            }

            File.WriteAllText(Path.Combine(output, ".complete"), key);
            return output;
        }
    }

    private static IEnumerable<string> EnumerateSources(string repo)
    {
        foreach (var file in SourceFiles)
        {
            if (File.Exists(Path.Combine(repo, file)))
            {
                yield return file;
            }
        }

        foreach (var folder in SourceFolders)
        {
            foreach (var file in Walk(Path.Combine(repo, folder)))
            {
                yield return Path.GetRelativePath(repo, file);
            }
        }
    }

    private static IEnumerable<string> Walk(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            yield return file;
        }

        foreach (var sub in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
        {
            if (!SkippedFolders.Contains(Path.GetFileName(sub)))
            {
                foreach (var file in Walk(sub))
                {
                    yield return file;
                }
            }
        }
    }

    private static string Hash(string repo, IEnumerable<string> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var relative in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(relative + "\0"));
            sha.AppendData(File.ReadAllBytes(Path.Combine(repo, relative)));
        }

        return Convert.ToHexString(sha.GetHashAndReset())[..16].ToLowerInvariant();
    }
}
