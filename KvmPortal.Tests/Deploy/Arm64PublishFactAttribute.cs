namespace KvmPortal.Tests.Deploy;

/// <summary>
/// A <c>[Fact]</c> that is skipped, with the reason, when the .NET runtime packs for linux-arm64 are not in the NuGet
/// package folder. The project's package mirror does not carry them (restore fails with NU1101 for
/// Microsoft.NETCore.App.Runtime.linux-arm64, Microsoft.AspNetCore.App.Runtime.linux-arm64 and
/// Microsoft.NETCore.App.Host.linux-arm64), so a self-contained linux-arm64 publish cannot be made here. Once a machine
/// that reaches them has run deploy/pi/publish.sh, the packs are in its cache and these tests run.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class Arm64PublishFactAttribute : FactAttribute
{
    public static readonly string[] RequiredPacks =
    [
        "microsoft.netcore.app.runtime.linux-arm64",
        "microsoft.aspnetcore.app.runtime.linux-arm64",
        "microsoft.netcore.app.host.linux-arm64",
    ];

    public Arm64PublishFactAttribute()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(packages))
        {
            packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        var missing = RequiredPacks.Where(p => !Directory.Exists(Path.Combine(packages, p))).ToList();
        if (missing.Count > 0)
        {
            Skip = "linux-arm64 runtime packs missing from " + packages + " (" + string.Join(", ", missing)
                + "): the package mirror has none (NU1101), so no self-contained linux-arm64 build can be published here";
        }
    }
}
