using System.Diagnostics;
using System.Globalization;
using System.Net;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Deploy;

/// <summary>
/// One architecture's package, end to end, in a debootstrapped Debian bookworm root (arm64 under qemu-user): apt-get
/// installs it and fetches its dependencies from Debian's archive; the installed service starts as the unit says and
/// answers /healthz over the certificate it generated; the generated admin password logs in and is changed; an upgrade
/// to the next commit's package keeps the database (the changed password still works), the certificate and the
/// administrator's override.json; remove leaves data, configuration and user; purge leaves nothing of KvmPortal.
/// </summary>
public sealed class PackageLifecycle(string arch)
{
    private const string Incoming = "var/tmp/kvmportal-test";
    private static readonly TimeSpan AptTimeout = TimeSpan.FromMinutes(20);
    private readonly bool pi = arch == "arm64";
    private readonly Stopwatch watch = Stopwatch.StartNew();

    public async Task RunAsync()
    {
        var packages = DebianPackages.Get(arch);
        Step("packages built");
        var native = arch == DeployProcess.RunChecked("dpkg", ["--print-architecture"], TimeSpan.FromSeconds(10)).Stdout.Trim();
        using var root = BookwormRoot.Extract(native ? null : arch, full: true);
        if (pi)
        {
            root.AddRaspberryPiBootFiles();
        }

        Directory.CreateDirectory(root.Combine(Incoming));
        File.Copy(packages.First, root.Combine(Incoming + "/" + Path.GetFileName(packages.First)));
        File.Copy(packages.Second, root.Combine(Incoming + "/" + Path.GetFileName(packages.Second)));
        Step("root extracted");

        ChrootRun.Apt(root, AptTimeout, "update");
        ChrootRun.Apt(root, AptTimeout, "install", "--no-install-recommends", "/" + Incoming + "/" + Path.GetFileName(packages.First));
        Step("installed with its dependencies");
        Assert.Equal("install ok installed " + packages.FirstVersion, Query(root, "${Status} ${Version}"));
        InstalledChecks.AssertInstalled(root, pi);
        System.Console.WriteLine($"{arch}_installed_size_mib: {DirectoryMiB(root.Combine("usr/lib/kvmportal")):F1}");

        var password = TestPasswords.New();
        string thumbprint;
        await using (var service = InstalledService.Start(root, Settings()))
        {
            var started = await service.WaitHealthyAsync(TimeSpan.FromMinutes(15));
            System.Console.WriteLine($"{arch}_start_to_healthz_s: {started.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)}");
            var generated = root.Read("var/lib/kvmportal/initial-admin-password").Trim();
            await WithServiceLogAsync(service, () => FirstLoginAsync(service, generated, password));
            thumbprint = service.SeenThumbprint ?? throw new InvalidOperationException("no certificate seen");
            await service.StopAsync();
        }

        Step("first start, login, password changed");

        // The administrator changes the configuration; the upgrade must keep it (a conffile the package did not change).
        var overridePath = root.Combine("etc/kvmportal/override.json");
        var edited = "// changed by the administrator\n" + File.ReadAllText(overridePath);
        File.WriteAllText(overridePath, edited);

        Assert.Equal(0, ChrootRun.Run(root, TimeSpan.FromMinutes(2), "dpkg", "--compare-versions", packages.SecondVersion, "gt", packages.FirstVersion).ExitCode);
        ChrootRun.Apt(root, AptTimeout, "install", "--no-install-recommends", "/" + Incoming + "/" + Path.GetFileName(packages.Second));
        Step("upgraded");
        Assert.Equal("install ok installed " + packages.SecondVersion, Query(root, "${Status} ${Version}"));
        Assert.Equal(edited, File.ReadAllText(overridePath));
        Assert.Empty(Directory.GetFiles(root.Combine("etc/kvmportal"), "override.json.dpkg-*"));
        InstalledChecks.AssertInstalled(root, pi);

        await using (var service = InstalledService.Start(root, Settings()))
        {
            await service.WaitHealthyAsync(TimeSpan.FromMinutes(15));
            await WithServiceLogAsync(service, () => LoginAsync(service, password));
            Assert.Equal(thumbprint, service.SeenThumbprint);
            await service.StopAsync();
        }

        Step("started after the upgrade with the same database and certificate");

        ChrootRun.Apt(root, AptTimeout, "remove", "kvmportal");
        Assert.Equal("deinstall ok config-files", Query(root, "${Status}"));
        InstalledChecks.AssertRemovedKeepingData(root, pi, edited);
        Step("removed");

        ChrootRun.Apt(root, AptTimeout, "purge", "kvmportal");
        Assert.NotEqual("install ok installed", Query(root, "${Status}", allowMissing: true));
        Directory.Delete(root.Combine(Incoming), recursive: true);
        InstalledChecks.AssertPurged(root, pi);
        Step("purged");
        System.Console.WriteLine($"{arch}_package_lifecycle_s: {watch.Elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)}");
    }

    /// <summary>What the test adds to the unit's environment (besides ports and hardware, see <see cref="InstalledService"/>).</summary>
    private Dictionary<string, string> Settings() =>
        pi
            // qemu-user cannot give .NET's W^X double mapping of JIT code (a memfd mapped twice) good speed: off under emulation only.
            ? new() { ["DOTNET_EnableWriteXorExecute"] = "0" }
            : [];

    private static async Task FirstLoginAsync(InstalledService service, string generated, string chosen)
    {
        using var client = new PortalClient(service.CreateClient());
        using var login = await client.LoginAsync("admin", generated);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        using var home = await client.GetAsync("/");
        Assert.Equal("/Account/ChangePassword", PortalClient.RedirectPath(home));
        using var changed = await client.PostFormAsync("/Account/ChangePassword", "change-password", new()
        {
            ["Input.Current"] = generated,
            ["Input.New"] = chosen,
            ["Input.Confirm"] = chosen,
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        using var users = await client.GetAsync("/api/users");
        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
    }

    private static async Task LoginAsync(InstalledService service, string password)
    {
        using var client = new PortalClient(service.CreateClient());
        using var login = await client.LoginAsync("admin", password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        using var users = await client.GetAsync("/api/users");
        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
        Assert.Contains("\"admin\"", await users.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Runs <paramref name="action"/>; on failure, adds the installed service's captured stdout/stderr to the error.</summary>
    private static async Task WithServiceLogAsync(InstalledService service, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{e.Message}\n--- installed service's stdout/stderr ---\n{service.Log}", e);
        }
    }

    private static string Query(BookwormRoot root, string format, bool allowMissing = false)
    {
        var result = ChrootRun.Run(root, TimeSpan.FromMinutes(2), "dpkg-query", "-W", "-f=" + format, "kvmportal");
        if (result.ExitCode != 0 && !allowMissing)
        {
            throw new InvalidOperationException("dpkg-query: " + result.Stderr);
        }

        return result.ExitCode == 0 ? result.Stdout.Trim() : "";
    }

    private static double DirectoryMiB(string path) =>
        new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / 1048576.0;

    private void Step(string what) =>
        System.Console.WriteLine($"kvmportal {arch} package: {what} at {watch.Elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)} s");
}
