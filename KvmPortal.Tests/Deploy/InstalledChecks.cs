namespace KvmPortal.Tests.Deploy;

/// <summary>What the kvmportal package leaves in a root after install (or upgrade), after remove and after purge.</summary>
public static class InstalledChecks
{
    private static readonly string[] PiUnits = ["kvmportal-gadget.service", "kvmportal-edid.service", "kvmportal.service"];
    private static readonly string[] Accounts = ["etc/passwd", "etc/group", "etc/shadow", "etc/gshadow"];

    public static void AssertInstalled(BookwormRoot root, bool pi)
    {
        ArgumentNullException.ThrowIfNull(root);
        var units = pi ? PiUnits : ["kvmportal.service"];
        var uid = Field(root, "etc/passwd", "kvmportal", 2);
        var gid = Field(root, "etc/group", "kvmportal", 2);
        Assert.Equal("/usr/sbin/nologin", Field(root, "etc/passwd", "kvmportal", 6));
        foreach (var group in new[] { "video", "gpio", "dialout" })
        {
            Assert.Contains("kvmportal", Field(root, "etc/group", group, 3).Split(','));
        }

        Assert.Equal("755 0 0", Stat(root, "usr/lib/kvmportal/KvmPortal"));
        Assert.Equal($"750 {uid} {gid}", Stat(root, "var/lib/kvmportal"));
        Assert.Equal($"640 0 {gid}", Stat(root, "etc/kvmportal/override.json"));
        Assert.False(Directory.Exists(root.Combine("opt/kvmportal")), "the package installs into /usr/lib/kvmportal, not /opt");

        var conffiles = ChrootRun.Checked(root, TimeSpan.FromMinutes(2), "dpkg-query", "-W", "-f=${Conffiles}", "kvmportal").Stdout;
        Assert.Contains(" /etc/kvmportal/override.json ", conffiles, StringComparison.Ordinal);
        Assert.Equal(pi, conffiles.Contains(" /etc/kvmportal/tc358743-edid.hex ", StringComparison.Ordinal));

        foreach (var unit in units)
        {
            Assert.Equal("/lib/systemd/system/" + unit, new FileInfo(root.Combine("etc/systemd/system/multi-user.target.wants/" + unit)).LinkTarget);
        }

        var main = root.Read("lib/systemd/system/kvmportal.service");
        Assert.Contains("\nType=notify\n", main, StringComparison.Ordinal);
        Assert.Contains("\nWatchdogSec=", main, StringComparison.Ordinal);
        Assert.Contains("\nExecStart=/usr/lib/kvmportal/KvmPortal\n", main, StringComparison.Ordinal);
        Assert.Equal(pi, main.Contains("After=network-online.target kvmportal-gadget.service kvmportal-edid.service", StringComparison.Ordinal));
        var verify = DeployProcess.Run("systemd-analyze", ["verify", "--root=" + root.Path, .. units], TimeSpan.FromMinutes(2));
        Assert.True(verify.ExitCode == 0 && verify.Stderr.Trim().Length == 0, "systemd-analyze verify: " + verify.Stderr + verify.Stdout);

        Assert.True(File.Exists(root.Combine("lib/udev/rules.d/70-kvmportal.rules")));
        Assert.Equal(pi, File.Exists(root.Combine("usr/lib/modules-load.d/kvmportal.conf")));
        if (pi)
        {
            var config = root.Read("boot/firmware/config.txt");
            Assert.StartsWith(BookwormRoot.PiConfigTxt, config, StringComparison.Ordinal);
            var added = config[BookwormRoot.PiConfigTxt.Length..].Split('\n').Select(l => l.Trim())
                .Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
            Assert.Equal(["[all]", "dtoverlay=dwc2,dr_mode=peripheral", "dtoverlay=tc358743"], added);
            Assert.Equal(BookwormRoot.PiCmdlineTxt.TrimEnd('\n') + " cma=128M\n", root.Read("boot/firmware/cmdline.txt"));
        }
        else
        {
            Assert.False(Directory.Exists(root.Combine("boot/firmware")), "no boot configuration on a PC");
        }
    }

    public static void AssertRemovedKeepingData(BookwormRoot root, bool pi, string editedOverride)
    {
        ArgumentNullException.ThrowIfNull(root);
        Assert.False(Directory.Exists(root.Combine("usr/lib/kvmportal")));
        Assert.Empty(Directory.GetFiles(root.Combine("lib/systemd/system"), "kvmportal*"));
        Assert.False(File.Exists(root.Combine("lib/udev/rules.d/70-kvmportal.rules")));
        Assert.True(File.Exists(root.Combine("var/lib/kvmportal/kvmportal.db")), "remove keeps the database");
        Assert.True(File.Exists(root.Combine("var/lib/kvmportal/tls/selfsigned.crt")), "remove keeps the certificate");
        Assert.Equal(editedOverride, root.Read("etc/kvmportal/override.json"));
        Assert.NotEmpty(Field(root, "etc/passwd", "kvmportal", 2));
        if (pi)
        {
            Assert.Equal(BookwormRoot.PiConfigTxt, root.Read("boot/firmware/config.txt"));
            Assert.Equal(BookwormRoot.PiCmdlineTxt, root.Read("boot/firmware/cmdline.txt"));
        }
    }

    public static void AssertPurged(BookwormRoot root, bool pi)
    {
        ArgumentNullException.ThrowIfNull(root);
        // By name: every path with "kvmportal" in it has such a component (the root's own folder name has it too).
        var left = DeployProcess.RunChecked("find", [root.Path, "-xdev", "-mindepth", "1", "-name", "*kvmportal*", "-printf", "%P\n"],
            TimeSpan.FromMinutes(2)).Stdout.Trim();
        Assert.True(left.Length == 0, "left after purge: " + left);
        foreach (var file in Accounts)
        {
            Assert.DoesNotContain(root.Read(file).Split('\n'), l => l.StartsWith("kvmportal:", StringComparison.Ordinal) || l.Split(':').Last().Split(',').Contains("kvmportal"));
        }

        // Plain Debian has no gpio group: the package created it and purge removes it again.
        Assert.DoesNotContain(root.Read("etc/group").Split('\n'), l => l.StartsWith("gpio:", StringComparison.Ordinal));
        if (pi)
        {
            Assert.Equal(BookwormRoot.PiConfigTxt, root.Read("boot/firmware/config.txt"));
            Assert.Equal(BookwormRoot.PiCmdlineTxt, root.Read("boot/firmware/cmdline.txt"));
        }
    }

    /// <summary>Field <paramref name="index"/> of the line for <paramref name="key"/> in a colon-separated account file.</summary>
    private static string Field(BookwormRoot root, string file, string key, int index) =>
        root.Read(file).Split('\n').Single(l => l.StartsWith(key + ":", StringComparison.Ordinal)).Split(':')[index];

    private static string Stat(BookwormRoot root, string path) =>
        DeployProcess.RunChecked("stat", ["-c", "%a %u %g", root.Combine(path)], TimeSpan.FromSeconds(10)).Stdout.Trim();
}
