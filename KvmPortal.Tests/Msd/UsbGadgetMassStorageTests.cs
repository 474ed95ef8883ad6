using KvmPortal.Hardware.Msd;
using KvmPortal.Tests.Support;
using Xunit;

namespace KvmPortal.Tests.Msd;

/// <summary>The UsbGadget backend against a fake LUN folder of plain files (the real configfs is exercised by the kernel tests).</summary>
public sealed class UsbGadgetMassStorageTests : IDisposable
{
    private static readonly string[] Attributes = ["file", "ro", "cdrom", "removable", "nofua", "inquiry_string", "forced_eject"];
    private readonly TempDirectory _dir = new();
    private readonly string _lun;
    private readonly ImageLibrary _library;
    private readonly ManualTimeProvider _time = new();

    public UsbGadgetMassStorageTests()
    {
        // The configfs layout: <gadget>/UDC and <gadget>/functions/mass_storage.usb0/lun.0.
        _lun = Path.Combine(_dir.Path, "gadget/functions/mass_storage.usb0/lun.0");
        Directory.CreateDirectory(_lun);
        File.WriteAllText(Udc, "dummy_udc.0"); // no trailing newline: a rebind (which writes one) is visible
        foreach (var attribute in Attributes)
        {
            File.WriteAllText(Path.Combine(_lun, attribute), attribute is "ro" or "removable" ? "1\n" : attribute == "file" ? "\n" : "0\n");
        }

        _library = new ImageLibrary(new MsdOptions { ImagesDirectory = Path.Combine(_dir.Path, "images"), ReservedFreeSpaceBytes = 0 });
    }

    public void Dispose()
    {
        _library.Dispose();
        _dir.Dispose();
    }

    private string Udc => Path.Combine(_dir.Path, "gadget/UDC");

    private MsdOptions Options => new()
    {
        LunPath = _lun,
        HostReconnectDelayMilliseconds = 0,
        InquiryVendor = "KvmTest",
        InquiryProductCdRom = "Optical Drive",
        InquiryRevision = "0.1",
    };

    private string Attr(string name) => File.ReadAllText(Path.Combine(_lun, name));

    [Fact]
    public async Task Attach_as_cdrom_writes_the_lun_attributes_and_detach_forces_the_eject()
    {
        await MassStorageTests.AddIsoAsync(_library, "boot.iso", 1024 * 1024);
        using var drive = new UsbGadgetMassStorage(_library, Options, timeProvider: _time);
        await drive.SetImageAsync("boot.iso", MsdMode.CdRom, readOnly: false);
        await drive.ConnectAsync();

        Assert.Equal(("1\n", "1\n", "1\n", "0\n"), (Attr("cdrom"), Attr("ro"), Attr("removable"), Attr("nofua")));
        Assert.Equal("KvmTest Optical Drive   0.1 ", Attr("inquiry_string"));
        Assert.Equal(Path.Combine(_library.Directory, "boot.iso") + "\n", Attr("file"));
        Assert.Null(drive.State.Error);

        await drive.DisconnectAsync();
        Assert.Equal("1\n", Attr("forced_eject"));
        Assert.False(drive.State.Connected);
    }

    [Fact]
    public async Task Flash_mode_writes_cdrom_0_and_the_asked_read_only_flag_and_ejects_through_file_without_forced_eject()
    {
        File.Delete(Path.Combine(_lun, "forced_eject"));
        _library.CreateEmpty("stick.img", 2 * 1024 * 1024);
        using var drive = new UsbGadgetMassStorage(_library, Options, timeProvider: _time);
        await drive.SetImageAsync("stick.img", MsdMode.Flash, readOnly: false);
        await drive.ConnectAsync();
        Assert.Equal(("0\n", "0\n"), (Attr("cdrom"), Attr("ro")));
        Assert.StartsWith("KvmTest Virtual Flash", Attr("inquiry_string"), StringComparison.Ordinal);

        await drive.DisconnectAsync();
        Assert.Equal("\n", Attr("file"));
    }

    [Fact]
    public async Task A_missing_lun_is_a_clear_kernel_error_in_the_result_and_the_state()
    {
        await MassStorageTests.AddIsoAsync(_library, "boot.iso", 1024 * 1024);
        using var drive = new UsbGadgetMassStorage(_library, new MsdOptions { LunPath = Path.Combine(_dir.Path, "nope", "lun.0") }, timeProvider: _time);
        Assert.Contains("gadget is not up", drive.State.Error, StringComparison.Ordinal);
        await drive.SetImageAsync("boot.iso", MsdMode.CdRom, true);
        var ex = await Assert.ThrowsAsync<MsdException>(() => drive.ConnectAsync());
        Assert.Equal((MsdErrorCode.KernelError, 500), (ex.Code, ex.HttpStatusCode));
        Assert.Contains("does not exist", drive.State.Error, StringComparison.Ordinal);
        Assert.False(drive.State.Connected);

        // The failed attach left the image deletable.
        _library.Delete("boot.iso");
    }

    [Fact]
    public async Task A_medium_attached_before_a_restart_is_adopted_as_connected()
    {
        await MassStorageTests.AddIsoAsync(_library, "boot.iso", 1024 * 1024);
        File.WriteAllText(Path.Combine(_lun, "file"), Path.Combine(_library.Directory, "boot.iso") + "\n");
        File.WriteAllText(Path.Combine(_lun, "cdrom"), "1\n");
        using var drive = new UsbGadgetMassStorage(_library, Options, timeProvider: _time);
        Assert.Equal(("boot.iso", MsdMode.CdRom, true, true), (drive.State.ImageName, drive.State.Mode, drive.State.ReadOnly, drive.State.Connected));
        Assert.Equal(MsdErrorCode.ImageInUse, Assert.Throws<MsdException>(() => _library.Delete("boot.iso")).Code);
    }

    [Fact]
    public async Task Host_has_read_it_turns_true_on_the_first_foreign_read_but_not_on_our_own_reads()
    {
        await MassStorageTests.AddIsoAsync(_library, "boot.iso", 1024 * 1024);
        using var drive = new UsbGadgetMassStorage(_library, Options, timeProvider: _time);
        var changes = new List<bool?>();
        drive.StateChanged += (_, s) => changes.Add(s.HostHasRead);
        await drive.SetImageAsync("boot.iso", MsdMode.CdRom, true);
        Assert.Null(drive.State.HostHasRead);
        await drive.ConnectAsync();

        var path = Path.Combine(_library.Directory, "boot.iso");
        if (MountOptions.IsNoAtime(path))
        {
            Assert.Null(drive.State.HostHasRead);
            return;
        }

        Assert.False(drive.State.HostHasRead);

        // KvmPortal's own reads (listing, download, hashing) use O_NOATIME and must not count.
        _ = _library.List();
        await using (var own = _library.OpenRead("boot.iso"))
        {
            own.ReadExactly(new byte[4096]);
        }

        await _library.ComputeSha256Async("boot.iso");
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(drive.State.HostHasRead);

        // A read through an ordinary open (as the kernel's gadget does) counts.
        await using (var foreign = new FileStream(path, FileMode.Open, FileAccess.Read))
        {
            foreign.ReadExactly(new byte[2048]);
        }

        changes.Clear();
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([true], changes);
        Assert.True(drive.State.HostHasRead);

        await drive.DisconnectAsync();
        Assert.Null(drive.State.HostHasRead);
    }

    [Fact]
    public async Task The_host_is_made_to_re_enumerate_only_when_the_drive_type_or_identity_changes()
    {
        await MassStorageTests.AddIsoAsync(_library, "boot.iso", 1024 * 1024);
        _library.CreateEmpty("stick.img", 2 * 1024 * 1024);
        using var drive = new UsbGadgetMassStorage(_library, Options, timeProvider: _time);

        // The LUN starts as a disk (cdrom 0): attaching a CD-ROM changes what the host must see, so the UDC is unbound and rebound.
        await drive.SetImageAsync("boot.iso", MsdMode.CdRom, true);
        await drive.ConnectAsync();
        Assert.Equal("dummy_udc.0\n", File.ReadAllText(Udc));

        // The same type again: only the medium changes, which the host learns through the unit attention; no rebind.
        File.WriteAllText(Udc, "dummy_udc.0");
        await drive.DisconnectAsync();
        await drive.ConnectAsync();
        Assert.Equal("dummy_udc.0", File.ReadAllText(Udc));

        // Flash: the type changes back, so the host must re-enumerate again.
        await drive.DisconnectAsync();
        await drive.SetImageAsync("stick.img", MsdMode.Flash, false);
        await drive.ConnectAsync();
        Assert.Equal("dummy_udc.0\n", File.ReadAllText(Udc));
        Assert.Equal("0\n", Attr("cdrom"));
    }

    [Fact]
    public void The_inquiry_string_is_28_printable_characters()
    {
        Assert.Equal("KVM     Virtual CD-ROM  1.00", UsbGadgetMassStorage.InquiryString("KVM", "Virtual CD-ROM", "1.00"));
        Assert.Equal("LongVendProduct that is 1.00", UsbGadgetMassStorage.InquiryString("LongVendorName", "Product that is too long", "1.000"));
        Assert.Equal("A B     x               r   ", UsbGadgetMassStorage.InquiryString("A\nB", "x", "r"));
    }
}
