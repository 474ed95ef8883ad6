using KvmPortal.Data;
using KvmPortal.Hosting;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace KvmPortal.Tests.Hosting;

public sealed class ConfigurationTests
{
    [Fact]
    public void UnknownKey_StopsTheStart_WithAMessageNamingIt()
    {
        using var app = new KvmAppFactory().With("KvmPortal:DataDirectry", "/tmp/typo");
        var error = app.StartFailure();
        var message = error.ToString();
        Assert.Contains("KvmPortal:DataDirectry", message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'KvmPortal:DataDirectory'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownNestedKey_IsFound_KnownKeysAreNot()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["KvmPortal:DataDirectory"] = "/x",
            ["KvmPortal:Security:LockoutAttempts"] = "3",
            ["KvmPortal:Security:RequireTwoFactorForRoles:0"] = "Admin",
            ["KvmPortal:Tls:HttpsPrt"] = "443",
        }).Build();
        var unknown = AppConfigurationSchema.Value.FindUnknownKeys(config);
        Assert.Equal(["KvmPortal:Tls:HttpsPrt"], unknown);
    }

    [Fact]
    public void InvalidValue_StopsTheStart()
    {
        using var app = new KvmAppFactory().With("KvmPortal:Security:LockoutAttempts", "0");
        var error = app.StartFailure();
        Assert.Contains("LockoutAttempts", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void OverrideFile_WinsOverShippedDefaults_AndEnvironmentWinsOverIt()
    {
        using var app = new KvmAppFactory();
        File.WriteAllText(Path.Combine(app.DataDirectory, "override.json"), """{ "KvmPortal": { "Security": { "LockoutAttempts": 9 } } }""");
        app.Start();
        var options = (Microsoft.Extensions.Options.IOptions<KvmPortal.Auth.SecurityOptions>)app.Services.GetService(typeof(Microsoft.Extensions.Options.IOptions<KvmPortal.Auth.SecurityOptions>))!;
        Assert.Equal(9, options.Value.LockoutAttempts);
    }

    [Theory]
    [InlineData("Setup:AdminPassword", true)]
    [InlineData("KvmPortal:Tls:KeyPath", false)]
    [InlineData("KvmPortal:Api:TokenSecret", true)]
    [InlineData("KvmPortal:DataDirectory", false)]
    public void ConfigShow_MasksSecrets(string key, bool masked) => Assert.Equal(masked, ConfigShowCommand.IsSecret(key));
}
