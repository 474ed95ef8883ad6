using Bunit;
using KvmPortal.Auth;
using KvmPortal.Hardware.Msd;
using KvmPortal.Msd;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace KvmPortal.Tests.Msd;

public sealed class MediaPanelTests : KvmBunitContext
{
    private readonly TempDirectory _folder = new();
    private readonly FakeMassStorage _drive = new();
    private readonly ImageLibrary _library;

    public MediaPanelTests()
    {
        _library = new ImageLibrary(new MsdOptions { ImagesDirectory = _folder.Path });
        Services.AddSingleton<IMassStorage>(_drive);
        Services.AddSingleton(_library);
        Services.AddScoped<MediaActions>();
    }

    [Fact]
    public void NoImage_IsSaid_AndDetachIsDisabled()
    {
        var panel = Render(Roles.Operator);

        Assert.Equal("No image attached.", panel.Find("[data-testid=drive-state]").TextContent.Trim());
        Assert.Empty(panel.FindAll("[data-testid=image]"));
        Assert.True(panel.Find("[data-testid=detach]").HasAttribute("disabled"));
    }

    [Fact]
    public void DisabledDrive_IsSaid()
    {
        _drive.Set(_drive.State with { Enabled = false, Backend = MsdBackend.Disabled });
        var panel = Render(Roles.Operator);

        Assert.Equal("Virtual media is disabled.", panel.Find("[data-testid=drive-state]").TextContent.Trim());
    }

    [Fact]
    public void Attached_IsSaid_AndDetachIsEnabled()
    {
        _drive.Set(_drive.State with { ImageName = "debian.iso", Mode = MsdMode.CdRom, ReadOnly = true, Connected = true, HostHasRead = true });
        var panel = Render(Roles.Operator);

        Assert.Equal("Attached: debian.iso as CD-ROM, read-only · the host has read it", panel.Find("[data-testid=drive-state]").TextContent.Trim());
        Assert.False(panel.Find("[data-testid=detach]").HasAttribute("disabled"));
    }

    [Fact]
    public void SelectedButNotAttached_IsSaid()
    {
        _drive.Set(_drive.State with { ImageName = "disk.img", Mode = MsdMode.Flash, ReadOnly = false });
        var panel = Render(Roles.Operator);

        Assert.Equal("Selected: disk.img (not attached)", panel.Find("[data-testid=drive-state]").TextContent.Trim());
    }

    [Fact]
    public void TinyImage_IsExplained_AndOffersFlash_EveryImageHasDownload()
    {
        File.WriteAllBytes(Path.Combine(_folder.Path, "tiny.img"), new byte[4096]);
        File.WriteAllBytes(Path.Combine(_folder.Path, "disk.img"), new byte[1024 * 1024]);
        var panel = Render(Roles.Operator);

        Assert.Contains("attach it as a flash drive", panel.Find("[data-name='tiny.img'] [data-testid=too-small-for-cd]").TextContent, StringComparison.Ordinal);
        Assert.Empty(panel.FindAll("[data-name='disk.img'] [data-testid=too-small-for-cd]"));
        Assert.Equal("/api/msd/read?image=disk.img", panel.Find("[data-name='disk.img'] [data-testid=download]").GetAttribute("href"));
    }

    [Fact]
    public void Delete_AsksFirst_ThenRemovesTheImage_AndAudits()
    {
        File.WriteAllBytes(Path.Combine(_folder.Path, "old.img"), new byte[1024 * 1024]);
        var panel = Render(Roles.Operator);
        var dialogs = Render<MudDialogProvider>();

        panel.Find("[data-name='old.img'] [data-testid=delete-image]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains(dialogs.FindAll("button"), b => b.TextContent.Trim() == "Delete"));
        Assert.True(File.Exists(Path.Combine(_folder.Path, "old.img")));
        dialogs.FindAll("button").First(b => b.TextContent.Trim() == "Delete").Click();

        panel.WaitForAssertion(() => Assert.Empty(panel.FindAll("[data-testid=image][data-name='old.img']")));
        Assert.False(File.Exists(Path.Combine(_folder.Path, "old.img")));
        Assert.Contains(AuditLog.Rows, r => r.Action == KvmPortal.Audit.AuditActions.MediaDelete && r.Target == "old.img");
    }

    [Fact]
    public void ImageList_OffersCdAndFlashForEveryImage_AndSaysWhichAreTooSmallForACd()
    {
        WriteIso("debian.iso", 700 * 1024);
        File.WriteAllBytes(Path.Combine(_folder.Path, "disk.img"), new byte[1024 * 1024]);
        File.WriteAllBytes(Path.Combine(_folder.Path, "tiny.img"), new byte[4096]);
        var panel = Render(Roles.Operator);

        Assert.Equal(["debian.iso", "disk.img", "tiny.img"], panel.FindAll("[data-testid=image]").Select(e => e.GetAttribute("data-name")));
        AssertButtons(panel, "debian.iso", cd: true, flash: true); // an ISO as a flash drive is attached read-only
        AssertButtons(panel, "disk.img", cd: true, flash: true);
        AssertButtons(panel, "tiny.img", cd: true, flash: true); // the CD button explains and offers the flash drive
        Assert.Equal(["tiny.img"], panel.FindAll("[data-testid=image]:has([data-testid=too-small-for-cd])").Select(e => e.GetAttribute("data-name")));
        Assert.Contains("4 KiB", panel.Find("[data-testid=image][data-name='tiny.img'] [data-testid=image-size]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void NewImageInTheLibrary_AppearsWithoutReload()
    {
        var panel = Render(Roles.Operator);

        _library.CreateEmpty("new.img", 1024 * 1024);

        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("[data-testid=image][data-name='new.img']")));
    }

    [Fact]
    public void AttachAsCd_SelectsReadOnlyCdRom_ThenConnects()
    {
        WriteIso("debian.iso", 700 * 1024);
        var panel = Render(Roles.Operator);

        panel.Find("[data-testid=image][data-name='debian.iso'] [data-testid=attach-cd]").Click();

        panel.WaitForAssertion(() => Assert.Equal(["set debian.iso CdRom ro=True", "connect"], _drive.Calls));
        panel.WaitForAssertion(() => Assert.StartsWith("Attached: debian.iso as CD-ROM", panel.Find("[data-testid=drive-state]").TextContent.Trim(), StringComparison.Ordinal));
    }

    [Fact]
    public void AttachAsFlash_WhileAnotherIsAttached_DisconnectsFirst()
    {
        File.WriteAllBytes(Path.Combine(_folder.Path, "disk.img"), new byte[1024 * 1024]);
        _drive.Set(_drive.State with { ImageName = "other.img", Connected = true });
        var panel = Render(Roles.Operator);

        panel.Find("[data-testid=image][data-name='disk.img'] [data-testid=attach-flash]").Click();

        panel.WaitForAssertion(() => Assert.Equal(["disconnect", "set disk.img Flash ro=False", "connect"], _drive.Calls));
    }

    [Fact]
    public void BusyDrive_ShowsTheError()
    {
        File.WriteAllBytes(Path.Combine(_folder.Path, "disk.img"), new byte[1024 * 1024]);
        _drive.Failure = new MsdException(MsdErrorCode.Busy, "Another drive operation is running.");
        var panel = Render(Roles.Operator);

        panel.Find("[data-testid=attach-flash]").Click();

        panel.WaitForAssertion(() => Assert.Contains(Snackbars, m =>
            m.Severity == Severity.Error && m.Message == "Another drive operation is running."));
        Assert.False(_drive.State.Connected);
    }

    [Fact]
    public void WithoutMediaPermission_NoControls_ButTheDriveState()
    {
        WriteIso("debian.iso", 700 * 1024);
        var panel = Render(Roles.Viewer);

        Assert.Equal("No image attached.", panel.Find("[data-testid=drive-state]").TextContent.Trim());
        Assert.Empty(panel.FindAll("[data-testid=image]"));
        Assert.Empty(panel.FindAll("button"));
        Assert.Empty(panel.FindAll("[data-testid=upload-input]"));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _library.Dispose();
            _folder.Dispose();
        }
    }

    private static void AssertButtons(IRenderedComponent<MediaPanel> panel, string name, bool cd, bool flash)
    {
        var item = $"[data-testid=image][data-name='{name}']";
        Assert.Equal(!cd, panel.Find($"{item} [data-testid=attach-cd]").HasAttribute("disabled"));
        Assert.Equal(!flash, panel.Find($"{item} [data-testid=attach-flash]").HasAttribute("disabled"));
    }

    private void WriteIso(string name, int size)
    {
        var bytes = new byte[size];
        "\u0001CD001"u8.CopyTo(bytes.AsSpan(32768));
        File.WriteAllBytes(Path.Combine(_folder.Path, name), bytes);
    }

    private IRenderedComponent<MediaPanel> Render(string role)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("someone");
        auth.SetPolicies([.. Roles.PermissionsOf(role)]);
        return RenderInteractive<MediaPanel>();
    }
}
