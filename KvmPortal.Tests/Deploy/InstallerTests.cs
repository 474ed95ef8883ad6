using KvmPortal.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace KvmPortal.Tests.Deploy;

/// <summary>deploy/pi/install.sh --root on a Debian bookworm chroot: the files it writes, checked one area at a time.</summary>
[Trait("Category", "Deploy")]
[Collection(DeployTestGroup.Name)]
public class InstallerTests : IClassFixture<InstalledRootFixture>
{
    private static readonly string[] Units = ["kvmportal.service", "kvmportal-gadget.service", "kvmportal-edid.service"];
    private static readonly string[] AptPackages = ["libturbojpeg0", "v4l-utils", "libicu72", "libssl3"];
    private readonly BookwormRoot root;

    public InstallerTests(InstalledRootFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        root = fixture.Root;
    }

    [Fact]
    public void Apt_packages_are_installed_in_the_root()
    {
        foreach (var package in AptPackages)
        {
            var status = DeployProcess.RunChecked("chroot", [root.Path, "dpkg-query", "-W", "-f=${Status}", package], TimeSpan.FromSeconds(30));
            Assert.Equal("install ok installed", status.Stdout);
        }
    }

    [Fact]
    public void Installed_app_starts_in_the_root_with_only_the_installed_libraries()
    {
        // A private mount namespace gives the chroot a /proc (CoreCLR needs it) that vanishes with the process.
        var result = DeployProcess.RunChecked("unshare", ["--mount", "--propagation", "private", "sh", "-c",
            $"mount -t proc proc '{root.Path}/proc' && exec chroot '{root.Path}' /opt/kvmportal/KvmPortal --version"], TimeSpan.FromMinutes(2));
        Assert.Matches(@"^KvmPortal \d+\.\d+\.\d+", result.Stdout.Trim());
    }

    [Fact]
    public void Service_user_is_a_system_user_in_the_kvm_device_groups()
    {
        var passwd = root.Read("etc/passwd").Split('\n').Single(l => l.StartsWith("kvmportal:", StringComparison.Ordinal)).Split(':');
        Assert.True(int.Parse(passwd[2], System.Globalization.CultureInfo.InvariantCulture) < 1000, "system uid");
        Assert.Equal("/var/lib/kvmportal", passwd[5]);
        Assert.Equal("/usr/sbin/nologin", passwd[6]);
        var groups = root.Read("etc/group").Split('\n');
        foreach (var group in new[] { "video", "gpio", "dialout" })
        {
            var line = groups.Single(l => l.StartsWith(group + ":", StringComparison.Ordinal));
            Assert.Contains("kvmportal", line.Split(':')[3].Split(','));
        }

        // No password: the account is locked (useradd's "!" or "*"), it exists only to own the service.
        var shadow = root.Read("etc/shadow").Split('\n').Single(l => l.StartsWith("kvmportal:", StringComparison.Ordinal)).Split(':');
        Assert.True(shadow[1] is "!" or "*" or "!*", "locked account, got '" + shadow[1] + "'");
    }

    [Fact]
    public void Files_have_their_owners_and_modes()
    {
        var stat = Stat("opt/kvmportal/KvmPortal", "var/lib/kvmportal", "etc/kvmportal/override.json", "etc/kvmportal/tc358743-edid.hex",
            "etc/systemd/system/kvmportal.service", "etc/udev/rules.d/70-kvmportal.rules");
        var uid = root.Read("etc/passwd").Split('\n').Single(l => l.StartsWith("kvmportal:", StringComparison.Ordinal)).Split(':')[2];
        var gid = root.Read("etc/group").Split('\n').Single(l => l.StartsWith("kvmportal:", StringComparison.Ordinal)).Split(':')[2];
        Assert.Equal("755 0 0", stat["opt/kvmportal/KvmPortal"]);
        Assert.Equal($"750 {uid} {gid}", stat["var/lib/kvmportal"]);
        Assert.Equal($"640 0 {gid}", stat["etc/kvmportal/override.json"]);
        Assert.Equal("644 0 0", stat["etc/kvmportal/tc358743-edid.hex"]);
        Assert.Equal("644 0 0", stat["etc/systemd/system/kvmportal.service"]);
        Assert.Equal("644 0 0", stat["etc/udev/rules.d/70-kvmportal.rules"]);
        Assert.True(File.Exists(root.Combine("opt/kvmportal/wwwroot/_framework/blazor.web.js")));
    }

    [Fact]
    public void Units_are_enabled_and_pass_systemd_analyze_verify()
    {
        foreach (var unit in Units)
        {
            var link = new FileInfo(root.Combine("etc/systemd/system/multi-user.target.wants/" + unit));
            Assert.Equal("/etc/systemd/system/" + unit, link.LinkTarget);
        }

        // --root resolves ExecStart (/opt/kvmportal/KvmPortal, /usr/bin/v4l2-ctl) and every dependency inside the chroot.
        var verify = DeployProcess.Run("systemd-analyze", ["verify", "--root=" + root.Path, .. Units], TimeSpan.FromMinutes(1));
        Assert.True(verify.ExitCode == 0 && verify.Stderr.Trim().Length == 0, "systemd-analyze verify: " + verify.Stderr + verify.Stdout);

        var security = DeployProcess.RunChecked("systemd-analyze",
            ["security", "--offline=yes", "--root=" + root.Path, "/etc/systemd/system/kvmportal.service"], TimeSpan.FromMinutes(1));
        var exposure = security.Stdout.Split('\n').Last(l => l.Contains("Overall exposure level", StringComparison.Ordinal));
        System.Console.WriteLine("kvmportal.service " + exposure.Trim());
    }

    [Fact]
    public void Main_unit_runs_unprivileged_and_hardened()
    {
        var unit = Directives(root.Read("etc/systemd/system/kvmportal.service"));
        Assert.Contains("User=kvmportal", unit);
        Assert.Contains("Restart=always", unit);
        Assert.Contains("NoNewPrivileges=yes", unit);
        Assert.Contains("ProtectSystem=strict", unit);
        Assert.Contains("ReadWritePaths=/var/lib/kvmportal", unit);
        Assert.Contains("ReadWritePaths=-/sys/kernel/config", unit);
        Assert.Contains("PrivateTmp=yes", unit);
        Assert.Contains("ProtectHome=yes", unit);
        Assert.Contains("CapabilityBoundingSet=CAP_NET_BIND_SERVICE", unit);
        Assert.Contains("AmbientCapabilities=CAP_NET_BIND_SERVICE", unit);
        Assert.Contains("DeviceAllow=char-hidg rw", unit);
        Assert.Contains("DeviceAllow=char-video4linux rw", unit);
        Assert.Contains("DeviceAllow=char-gpiochip rw", unit);
        Assert.Contains("Type=notify", unit);
        Assert.Contains("WatchdogSec=30", unit);

        var gadget = Directives(root.Read("etc/systemd/system/kvmportal-gadget.service"));
        Assert.Contains("Type=oneshot", gadget);
        Assert.Contains("RemainAfterExit=yes", gadget);
        Assert.Contains("ExecStart=/opt/kvmportal/KvmPortal gadget up", gadget);
        Assert.Contains("ExecStop=/opt/kvmportal/KvmPortal gadget down", gadget);
        Assert.Contains("Before=kvmportal.service", gadget);
        Assert.Contains("After=sys-kernel-config.mount systemd-modules-load.service", gadget);
        Assert.DoesNotContain(gadget, d => d.StartsWith("User=", StringComparison.Ordinal));
    }

    [Fact]
    public void Udev_rules_and_modules_give_the_devices_to_the_service()
    {
        var rules = root.Read("etc/udev/rules.d/70-kvmportal.rules");
        Assert.Contains("SUBSYSTEM==\"hidg\", KERNEL==\"hidg[0-9]*\", OWNER=\"root\", GROUP=\"kvmportal\", MODE=\"0660\"", rules, StringComparison.Ordinal);
        Assert.Contains("SUBSYSTEM==\"video4linux\", GROUP=\"video\", MODE=\"0660\"", rules, StringComparison.Ordinal);
        Assert.Contains("SUBSYSTEM==\"gpio\", KERNEL==\"gpiochip[0-9]*\", GROUP=\"gpio\", MODE=\"0660\"", rules, StringComparison.Ordinal);
        Assert.Contains("KERNEL==\"ttyACM[0-9]*|ttyUSB[0-9]*\", GROUP=\"dialout\"", rules, StringComparison.Ordinal);
        Assert.Equal(["dwc2", "libcomposite"], Directives(root.Read("etc/modules-load.d/kvmportal.conf")));
    }

    [Fact]
    public void Boot_configuration_is_appended_in_a_marked_block()
    {
        var config = root.Read("boot/firmware/config.txt");
        Assert.StartsWith(BookwormRoot.PiConfigTxt, config, StringComparison.Ordinal);
        var added = Directives(config[BookwormRoot.PiConfigTxt.Length..]);
        Assert.Equal(["[all]", "dtoverlay=dwc2,dr_mode=peripheral", "dtoverlay=tc358743"], added);
        Assert.StartsWith("# >>> KvmPortal", config[BookwormRoot.PiConfigTxt.Length..], StringComparison.Ordinal);
        Assert.Equal(BookwormRoot.PiCmdlineTxt.TrimEnd('\n') + " cma=128M\n", root.Read("boot/firmware/cmdline.txt"));
    }

    [Fact]
    public void Override_is_the_pi_profile_without_secrets()
    {
        var path = root.Combine("etc/kvmportal/override.json");
        var config = new ConfigurationBuilder().AddJsonFile(path).Build();
        Assert.Equal("/var/lib/kvmportal", config["KvmPortal:DataDirectory"]);
        Assert.Equal("True", config["KvmPortal:Tls:Enabled"]);
        Assert.Equal("443", config["KvmPortal:Tls:HttpsPort"]);
        Assert.Equal("80", config["KvmPortal:Tls:HttpPort"]);
        Assert.Equal("UsbGadget", config["KvmPortal:Hid:Backend"]);
        Assert.Equal("V4l2", config["KvmPortal:Video:Backend"]);
        Assert.Equal("Gpio", config["KvmPortal:Atx:Backend"]);
        Assert.DoesNotContain(config.AsEnumerable(), kv => kv.Key.Contains("Password", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(AppConfigurationSchema.Value.FindUnknownKeys(config));
        Assert.Equal(PiOverride.Keys.Order(StringComparer.Ordinal),
            config.AsEnumerable().Where(kv => kv.Value is not null).Select(kv => kv.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Edid_is_1080p_capable_and_passes_edid_decode()
    {
        var edid = EdidDecoder.ParseHex(root.Read("etc/kvmportal/tc358743-edid.hex"));
        Assert.Equal(256, edid.Length);
        Assert.Equal(new byte[] { 0, 255, 255, 255, 255, 255, 255, 0 }, edid[..8]);
        Assert.True(EdidDecoder.ChecksumsValid(edid));
        var timings = EdidDecoder.DetailedTimings(edid);
        Assert.Equal((1920, 1080, 148_500_000L, 50.0), (timings[0].Width, timings[0].Height, timings[0].PixelClock, Math.Round(timings[0].RefreshHz, 3)));
        Assert.Equal((1920, 1080, 60.0), (timings[1].Width, timings[1].Height, Math.Round(timings[1].RefreshHz, 3)));
        Assert.Contains(16, EdidDecoder.CtaVics(edid)); // 1080p60
        Assert.Contains(31, EdidDecoder.CtaVics(edid)); // 1080p50

        var check = DeployProcess.Run("edid-decode", ["--check", root.Combine("etc/kvmportal/tc358743-edid.hex")], TimeSpan.FromSeconds(30));
        Assert.True(check.ExitCode == 0, "edid-decode --check failed:\n" + check.Stdout + check.Stderr);
        Assert.Contains("EDID conformity: PASS", check.Stdout, StringComparison.Ordinal);
    }

    private Dictionary<string, string> Stat(params string[] paths)
    {
        var result = DeployProcess.RunChecked("stat", ["-c", "%a %u %g", .. paths.Select(root.Combine)], TimeSpan.FromSeconds(10));
        return paths.Zip(result.Stdout.Trim().Split('\n')).ToDictionary(p => p.First, p => p.Second);
    }

    /// <summary>The non-empty, non-comment lines.</summary>
    private static List<string> Directives(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
}
