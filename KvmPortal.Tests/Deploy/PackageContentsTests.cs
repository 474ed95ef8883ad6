using System.Globalization;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Deploy;

/// <summary>
/// The packages package.sh builds by default, read without installing them: control fields (dpkg-deb -I), file list and
/// modes (dpkg-deb -c), conffiles, the generated maintainer scripts (shellcheck) and lintian, which must report no error.
/// </summary>
[Trait("Category", "Deploy")]
[Collection(DeployTestGroup.Name)]
public class PackageContentsTests
{
    /// <summary>Lintian warnings accepted, with the reason (docs/install.md lists them too).</summary>
    private static readonly Dictionary<string, string> AcceptedWarnings = new()
    {
        // postinst hands a data folder kept from an install.sh install (another uid) to the new user; --no-dereference.
        ["recursive-privilege-change"] = "chown -R of /var/lib/kvmportal when its owner is not the service user",
    };

    [Theory]
    [InlineData("arm64")]
    [InlineData("amd64")]
    public void Control_fields_name_the_dependencies_from_debian(string arch)
    {
        var deb = DebianPackages.Get(arch).First;
        Assert.Equal("kvmportal", DebianPackages.Field(deb, "Package"));
        Assert.Equal(arch, DebianPackages.Field(deb, "Architecture"));
        Assert.Matches(@"^\d+\.\d+\.\d+\+\d+\.g[0-9a-f]{8}(\.dirty\d{14})?$", DebianPackages.Field(deb, "Version"));
        var depends = DebianPackages.Field(deb, "Depends").Split(", ");
        Assert.Contains(depends, d => d.StartsWith("libc6 (>= 2.", StringComparison.Ordinal));
        foreach (var package in new[] { "libstdc++6", "libgcc-s1", "libicu72", "libssl3", "libturbojpeg0", "passwd", "john-data" })
        {
            Assert.Contains(package, depends);
        }

        Assert.Equal(arch == "arm64", depends.Contains("libgpiod2") && depends.Contains("v4l-utils"));
        Assert.Contains("tesseract-ocr", DebianPackages.Field(deb, "Recommends").Split(", "));
        Assert.Equal("admin", DebianPackages.Field(deb, "Section"));
        var size = long.Parse(DebianPackages.Field(deb, "Installed-Size"), CultureInfo.InvariantCulture);
        System.Console.WriteLine($"{arch}_deb_size_mib: {new FileInfo(deb).Length / 1048576.0:F1}");
        System.Console.WriteLine($"{arch}_installed_size_kib: {size}");
        Assert.InRange(size, 50_000, 400_000);
    }

    [Theory]
    [InlineData("arm64")]
    [InlineData("amd64")]
    public void Files_are_root_owned_in_usr_lib_with_conffiles_in_etc(string arch)
    {
        var deb = DebianPackages.Get(arch).First;
        var listing = DeployProcess.RunChecked("dpkg-deb", ["-c", deb], TimeSpan.FromMinutes(2)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.All(listing, l => Assert.Equal("root/root", l[1]));
        var files = listing.ToDictionary(l => l[^1], l => l[0]);
        Assert.Equal("-rwxr-xr-x", files["./usr/lib/kvmportal/KvmPortal"]);
        Assert.Equal("-rw-r--r--", files["./usr/lib/kvmportal/KvmPortal.dll"]);
        Assert.Contains("./lib/systemd/system/kvmportal.service", files.Keys);
        Assert.Contains("./lib/udev/rules.d/70-kvmportal.rules", files.Keys);
        Assert.Contains("./usr/share/doc/kvmportal/copyright", files.Keys);
        Assert.Contains("./usr/share/doc/kvmportal/install.md", files.Keys);
        Assert.DoesNotContain(files.Keys, f => f.StartsWith("./opt", StringComparison.Ordinal));
        Assert.Equal(arch == "arm64", files.ContainsKey("./lib/systemd/system/kvmportal-gadget.service"));
        Assert.Equal(arch == "arm64", files.ContainsKey("./usr/lib/modules-load.d/kvmportal.conf"));

        using var control = new TempDirectory();
        DeployProcess.RunChecked("dpkg-deb", ["-e", deb, control.Path], TimeSpan.FromMinutes(1));
        var conffiles = File.ReadAllLines(Path.Combine(control.Path, "conffiles"));
        Assert.Equal(arch == "arm64" ? ["/etc/kvmportal/override.json", "/etc/kvmportal/tc358743-edid.hex"] : ["/etc/kvmportal/override.json"], conffiles);
        string[] scripts = ["preinst", "postinst", "prerm", "postrm"];
        var check = DeployProcess.Run("shellcheck", scripts.Select(s => Path.Combine(control.Path, s)), TimeSpan.FromMinutes(2));
        Assert.True(check.ExitCode == 0, "shellcheck on the generated maintainer scripts:\n" + check.Stdout);
    }

    [Theory]
    [InlineData("arm64")]
    [InlineData("amd64")]
    public void Lintian_reports_no_errors(string arch)
    {
        var deb = DebianPackages.Get(arch).First;
        var lintian = DeployProcess.Run("lintian", ["--no-cfg", "--tag-display-limit", "0", "--fail-on", "error", deb], TimeSpan.FromMinutes(15));
        var tags = lintian.Stdout.Split('\n').Where(l => l.Length > 2 && l[1] == ':').ToList();
        foreach (var tag in tags)
        {
            System.Console.WriteLine($"lintian {arch}: {tag}");
        }

        Assert.True(lintian.ExitCode == 0, "lintian failed:\n" + lintian.Stdout + lintian.Stderr);
        Assert.DoesNotContain(tags, t => t.StartsWith("E:", StringComparison.Ordinal));
        var warnings = tags.Where(t => t.StartsWith("W:", StringComparison.Ordinal)).Select(t => t.Split(' ')[2]).Distinct();
        Assert.All(warnings, w => Assert.True(AcceptedWarnings.ContainsKey(w), "lintian warning not accepted: " + w));
    }
}
