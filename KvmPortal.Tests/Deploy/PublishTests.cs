namespace KvmPortal.Tests.Deploy;

/// <summary>
/// deploy/pi/publish.sh for linux-x64: a self-contained build whose native host is an x86-64 ELF that starts natively and
/// under qemu-user, with blazor.web.js in the publish folder. (The linux-arm64 twin is <see cref="Arm64PublishTests"/>.)
/// </summary>
[Trait("Category", "Deploy")]
[Collection(DeployTestGroup.Name)]
public class PublishTests
{
    private static readonly TimeSpan Start = TimeSpan.FromMinutes(2);

    [Fact]
    public void Publish_linux_x64_is_self_contained_x86_64_elf_with_blazor_script()
    {
        var output = PublishedBuild.Get("linux-x64");
        var elf = ElfHeader.Read(Path.Combine(output, "KvmPortal"));
        Assert.Equal(ElfHeader.Class64, elf.Class);
        Assert.Equal(ElfHeader.LittleEndian, elf.Data);
        Assert.Equal(ElfHeader.MachineX86_64, elf.Machine);
        Assert.Contains(elf.Type, new[] { ElfHeader.TypeExecutable, ElfHeader.TypeSharedObject });
        Assert.True(File.Exists(Path.Combine(output, "libcoreclr.so")), "self-contained: the runtime is in the folder");
        Assert.True(File.Exists(Path.Combine(output, "appsettings.json")));
        var script = new FileInfo(Path.Combine(output, "wwwroot", "_framework", "blazor.web.js"));
        Assert.True(script.Exists, "wwwroot/_framework/blazor.web.js must be published");
        Assert.True(script.Length > 50_000, $"blazor.web.js is only {script.Length} bytes");
    }

    [Fact]
    public void Published_host_prints_version_natively_and_under_qemu_user()
    {
        var output = PublishedBuild.Get("linux-x64");
        var host = Path.Combine(output, "KvmPortal");
        var native = DeployProcess.RunChecked(host, ["--version"], Start);
        Assert.Matches(@"^KvmPortal \d+\.\d+\.\d+", native.Stdout.Trim());

        var emulated = DeployProcess.RunChecked("qemu-x86_64-static", [host, "--version"], Start);
        Assert.Equal(native.Stdout.Trim(), emulated.Stdout.Trim());
    }
}
