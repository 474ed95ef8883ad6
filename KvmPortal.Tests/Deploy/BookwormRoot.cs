using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Deploy;

/// <summary>
/// A throw-away Debian bookworm root (debootstrap minbase, with systemd and udev as on Raspberry Pi OS), extracted from a
/// tarball that deploy/pi/testing/bookworm-root.sh builds once and caches under /var/cache/kvmportal-deploy.
/// Nothing is mounted inside it, so deleting the folder is all the cleanup there is.
/// </summary>
public sealed class BookwormRoot : IDisposable
{
    private BookwormRoot(string path) => Path = path;

    public string Path { get; }

    /// <summary>
    /// Extracts a fresh root for <paramref name="arch"/> (null: this machine's architecture). A foreign root is only a
    /// library folder for qemu-user unless <paramref name="full"/> (then it is an installed system with dpkg and apt).
    /// </summary>
    public static BookwormRoot Extract(string? arch = null, bool full = false)
    {
        DeployProcess.RequireRoot();
        var script = System.IO.Path.Combine(RepositoryRoot.Find(), "deploy", "pi", "testing", "bookworm-root.sh");
        string[] arguments = arch is null ? [script] : full ? [script, "--arch", arch, "--full"] : [script, "--arch", arch];
        var tarball = DeployProcess.RunChecked("bash", arguments, TimeSpan.FromMinutes(30)).Stdout.Trim();
        var path = Directory.CreateTempSubdirectory("kvmportal-bookworm-").FullName;
        DeployProcess.RunChecked("tar", ["-C", path, "-xf", tarball], TimeSpan.FromMinutes(3));
        return new BookwormRoot(path);
    }

    /// <summary>Writes Raspberry Pi OS Bookworm's boot files (shortened) where the installer expects them.</summary>
    public void AddRaspberryPiBootFiles()
    {
        var boot = Combine("boot/firmware");
        Directory.CreateDirectory(boot);
        File.WriteAllText(System.IO.Path.Combine(boot, "config.txt"), PiConfigTxt);
        File.WriteAllText(System.IO.Path.Combine(boot, "cmdline.txt"), PiCmdlineTxt);
    }

    public const string PiConfigTxt = """
        # For more options and information see
        # http://rptl.io/configtxt
        dtparam=audio=on
        camera_auto_detect=1
        display_auto_detect=1
        auto_initramfs=1
        dtoverlay=vc4-kms-v3d
        max_framebuffers=2
        disable_fw_kms_setup=1
        arm_64bit=1
        disable_overscan=1
        arm_boost=1

        [cm4]
        otg_mode=1

        [all]

        """;

    public const string PiCmdlineTxt =
        "console=serial0,115200 console=tty1 root=PARTUUID=4e639091-02 rootfstype=ext4 fsck.repair=yes rootwait quiet\n";

    /// <summary>The absolute host path of a path inside the root ("etc/passwd" or "/etc/passwd").</summary>
    public string Combine(string inside) => System.IO.Path.Combine(Path, inside.TrimStart('/'));

    public string Read(string inside) => File.ReadAllText(Combine(inside));

    /// <summary>Runs deploy/pi/install.sh against this root.</summary>
    public ProcessResult Install(params string[] arguments)
    {
        var script = System.IO.Path.Combine(RepositoryRoot.Find(), "deploy", "pi", "install.sh");
        return DeployProcess.RunChecked("bash", [script, "--root", Path, .. arguments], TimeSpan.FromMinutes(5));
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
