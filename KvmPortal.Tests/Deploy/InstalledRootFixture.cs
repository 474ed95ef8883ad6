namespace KvmPortal.Tests.Deploy;

/// <summary>
/// One bookworm chroot with KvmPortal installed by <c>deploy/pi/install.sh --root</c> (apt packages installed inside it,
/// nothing started), built once for <see cref="InstallerTests"/>. The app is the linux-x64 publish so it can run in the
/// amd64 chroot: the file layout the installer produces does not depend on the architecture.
/// </summary>
public sealed class InstalledRootFixture : IDisposable
{
    public InstalledRootFixture()
    {
        var build = PublishedBuild.Get("linux-x64");
        Root = BookwormRoot.Extract();
        Root.AddRaspberryPiBootFiles();
        InstallOutput = Root.Install("--from", build);
    }

    public BookwormRoot Root { get; }

    public ProcessResult InstallOutput { get; }

    public void Dispose() => Root.Dispose();
}
