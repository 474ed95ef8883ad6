namespace KvmPortal.Tests.Deploy;

/// <summary>
/// The Raspberry Pi build: deploy/pi/publish.sh linux-arm64 gives an aarch64 ELF that starts under Debian's
/// qemu-aarch64-static with an arm64 bookworm root as its library prefix. Skipped (with the reason) where the linux-arm64
/// runtime packs cannot be restored; see <see cref="Arm64PublishFactAttribute"/>.
/// </summary>
[Trait("Category", "Deploy")]
[Collection(DeployTestGroup.Name)]
public class Arm64PublishTests
{
    [Arm64PublishFact]
    public void Publish_linux_arm64_is_aarch64_elf_that_starts_under_qemu_user()
    {
        DeployProcess.RequireRoot();
        var output = PublishedBuild.Get("linux-arm64");
        var host = Path.Combine(output, "KvmPortal");
        var elf = ElfHeader.Read(host);
        Assert.Equal(ElfHeader.Class64, elf.Class);
        Assert.Equal(ElfHeader.LittleEndian, elf.Data);
        Assert.Equal(ElfHeader.MachineAarch64, elf.Machine);
        Assert.True(File.Exists(Path.Combine(output, "wwwroot", "_framework", "blazor.web.js")), "wwwroot/_framework/blazor.web.js must be published");

        // The apphost and runtime are dynamically linked against arm64 glibc, libstdc++, ICU and OpenSSL: an arm64
        // bookworm root (cached tarball) is the library prefix. W^X double mapping is off under qemu-user.
        using var sysroot = BookwormRoot.Extract("arm64");
        var result = DeployProcess.RunChecked("qemu-aarch64-static", ["-L", sysroot.Path, host, "--version"], TimeSpan.FromMinutes(3),
            new Dictionary<string, string> { ["DOTNET_EnableWriteXorExecute"] = "0", ["DOTNET_GCHeapHardLimit"] = "0x20000000" });
        Assert.Matches(@"^KvmPortal \d+\.\d+\.\d+", result.Stdout.Trim());
    }
}
