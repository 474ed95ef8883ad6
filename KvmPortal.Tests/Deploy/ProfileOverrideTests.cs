using KvmPortal.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace KvmPortal.Tests.Deploy;

/// <summary>
/// The override.json of both profiles in deploy/pi/files.sh (pi for the arm64 package and install.sh, pc for the amd64
/// package) is valid for the app's strict configuration check, has TLS on and holds no secret.
/// </summary>
[Trait("Category", "Deploy")]
public class ProfileOverrideTests
{
    [Theory]
    [InlineData("pi", "UsbGadget", "UsbGadget", "Gpio")]
    [InlineData("pc", "Serial", "Disabled", "Disabled")]
    public void Profile_override_is_known_to_the_app_with_tls_on(string profile, string hid, string msd, string atx)
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "override.json");
        var files = Path.Combine(RepositoryRoot.Find(), "deploy", "pi", "files.sh");
        var json = DeployProcess.RunChecked("bash", ["-c", $". '{files}' && KVM_PROFILE={profile} && write_override"], TimeSpan.FromSeconds(30)).Stdout;
        File.WriteAllText(path, json);
        var config = new ConfigurationBuilder().AddJsonFile(path).Build();
        Assert.Equal("True", config["KvmPortal:Tls:Enabled"]);
        Assert.Equal("443", config["KvmPortal:Tls:HttpsPort"]);
        Assert.Equal(hid, config["KvmPortal:Hid:Backend"]);
        Assert.Equal(msd, config["KvmPortal:Msd:Backend"]);
        Assert.Equal(atx, config["KvmPortal:Atx:Backend"]);
        Assert.Equal("V4l2", config["KvmPortal:Video:Backend"]);
        Assert.DoesNotContain(config.AsEnumerable(), kv => kv.Key.Contains("Password", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(AppConfigurationSchema.Value.FindUnknownKeys(config));
    }
}
