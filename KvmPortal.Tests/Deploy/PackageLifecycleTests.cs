namespace KvmPortal.Tests.Deploy;

/// <summary>
/// deploy/pi/package.sh's packages installed, started, upgraded, removed and purged with apt in Debian bookworm roots:
/// arm64 (the Raspberry Pi package, under qemu-aarch64-static) and amd64 (natively). See <see cref="PackageLifecycle"/>.
/// </summary>
[Trait("Category", "Deploy")]
[Collection(DeployTestGroup.Name)]
public class PackageLifecycleTests
{
    [Fact]
    public async Task Arm64_package_installs_starts_upgrades_removes_and_purges_under_qemu_user()
    {
        DeployProcess.RequireRoot();
        await new PackageLifecycle("arm64").RunAsync();
    }

    [Fact]
    public async Task Amd64_package_installs_starts_upgrades_removes_and_purges()
    {
        DeployProcess.RequireRoot();
        await new PackageLifecycle("amd64").RunAsync();
    }
}
