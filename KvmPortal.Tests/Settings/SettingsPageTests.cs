using Bunit;
using KvmPortal.Auth;
using KvmPortal.Data;
using KvmPortal.Settings;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Settings;

public sealed class SettingsPageTests : KvmBunitContext
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Viewer_SeesValuesReadOnly_WithoutSaveOrCertificateUpload()
    {
        var page = RenderAs(Roles.Viewer);

        page.Find("[data-testid=settings-readonly]");
        Assert.True(page.Find("#settings-quality").HasAttribute("disabled"));
        Assert.Empty(page.FindAll("[data-testid=settings-save]"));
        Assert.Empty(page.FindAll("[data-testid=settings-tls]"));
    }

    [Fact]
    public void Admin_InvalidValue_ShowsTheError_AndWritesNothing()
    {
        var page = RenderAs(Roles.Admin);
        Assert.Empty(page.FindAll("[data-testid=settings-readonly]"));

        page.Find("#settings-quality").Change("0");
        page.Find("[data-testid=settings-save]").Click();

        Assert.Contains("JPEG quality must be between 1 and 100", page.Find("[data-testid=settings-errors]").TextContent, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.Path, "override.json")));
    }

    private IRenderedComponent<KvmPortal.Settings.SettingsPage> RenderAs(string role)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("someone");
        auth.SetPolicies([.. Roles.PermissionsOf(role)]);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["KvmPortal:OverrideFile"] = Path.Combine(_dir.Path, "override.json") })
            .Build();
        Services.AddSingleton(new SettingsService(configuration, AuditLog, AppConfigurationSchema.Value));
        Services.AddSingleton(new DataDirectory(Path.Combine(_dir.Path, "data")));
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<TlsCertificateInstaller>();
        return RenderInteractive<KvmPortal.Settings.SettingsPage>();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _dir.Dispose();
    }
}
