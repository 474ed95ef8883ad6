using KvmPortal.Hardware.Msd;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace KvmPortal.Tests.Msd;

public sealed class MassStorageTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ImageLibrary _library;
    private readonly RecordingMediaSink _sink = new();
    private readonly SimulatedMassStorage _drive;

    public MassStorageTests()
    {
        _library = new ImageLibrary(new MsdOptions { ImagesDirectory = _dir.Path, ReservedFreeSpaceBytes = 0 });
        _drive = new SimulatedMassStorage(_library, _sink);
    }

    public void Dispose()
    {
        _drive.Dispose();
        _library.Dispose();
        _dir.Dispose();
    }

    internal static async Task AddIsoAsync(ImageLibrary library, string name, long size)
    {
        var data = new byte[size];
        "CD001"u8.CopyTo(data.AsSpan(32769));
        await library.UploadAsync(new UploadRequest { Name = name }, new MemoryStream(data));
    }

    [Fact]
    public async Task A_cdrom_image_under_300_sectors_is_refused_with_the_clear_message()
    {
        await AddIsoAsync(_library, "tiny.iso", OpticalDisc.MinimumCdRomBytes - 2048);
        var ex = await Assert.ThrowsAsync<MsdException>(() => _drive.SetImageAsync("tiny.iso", MsdMode.CdRom, true));
        Assert.Equal(MsdErrorCode.ImageTooSmall, ex.Code);
        Assert.Equal(400, ex.HttpStatusCode);
        Assert.Contains("too small for a CD-ROM (the kernel needs at least 300 sectors of 2048 bytes)", ex.Message, StringComparison.Ordinal);
        Assert.Null(_drive.State.ImageName);

        // Exactly 300 sectors is enough.
        await AddIsoAsync(_library, "min.iso", OpticalDisc.MinimumCdRomBytes);
        await _drive.SetImageAsync("min.iso", MsdMode.CdRom, true);
        Assert.Equal("min.iso", _drive.State.ImageName);
    }

    [Fact]
    public async Task A_cdrom_image_over_2_2_GB_is_accepted_with_a_warning_and_flash_mode_has_none()
    {
        await AddIsoAsync(_library, "dvd.iso", OpticalDisc.MinimumCdRomBytes);
        var path = _library.ImagePath("dvd.iso");
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(OpticalDisc.MaxCdRomBytes + 2048); // sparse
        }

        await _drive.SetImageAsync("dvd.iso", MsdMode.CdRom, true);
        Assert.Contains("2.2 GB", _drive.State.Warning, StringComparison.Ordinal);
        await _drive.ConnectAsync();
        Assert.True(_drive.State.Connected);
        await _drive.DisconnectAsync();

        await _drive.SetImageAsync("dvd.iso", MsdMode.Flash, true);
        Assert.Null(_drive.State.Warning);
    }

    [Fact]
    public async Task An_iso_image_is_never_writable_whatever_its_name()
    {
        await AddIsoAsync(_library, "disguised.img", OpticalDisc.MinimumCdRomBytes);
        var ex = await Assert.ThrowsAsync<MsdException>(() => _drive.SetImageAsync("disguised.img", MsdMode.Flash, readOnly: false));
        Assert.Equal(MsdErrorCode.ImageNotWritable, ex.Code);

        await _drive.SetImageAsync("disguised.img", MsdMode.Flash, readOnly: true);
        Assert.True(_drive.State.ReadOnly);

        // A CD-ROM is read-only even when asked otherwise.
        await _drive.SetImageAsync("disguised.img", MsdMode.CdRom, readOnly: false);
        Assert.True(_drive.State.ReadOnly);

        // A plain image may be a writable flash drive, even when named .iso.
        _library.CreateEmpty("data.iso", 1024 * 1024);
        await _drive.SetImageAsync("data.iso", MsdMode.Flash, readOnly: false);
        Assert.False(_drive.State.ReadOnly);
    }

    [Fact]
    public async Task Connect_presents_the_image_to_the_simulation_and_protects_it_until_disconnect()
    {
        Assert.Equal(MsdErrorCode.NoImageSelected, (await Assert.ThrowsAsync<MsdException>(() => _drive.ConnectAsync())).Code);
        Assert.Equal(MsdErrorCode.NotFound, (await Assert.ThrowsAsync<MsdException>(() => _drive.SetImageAsync("none.iso", MsdMode.CdRom, true))).Code);

        await AddIsoAsync(_library, "debian.iso", 1024 * 1024);
        await _drive.SetImageAsync("debian.iso", MsdMode.CdRom, true);
        await _drive.ConnectAsync();
        await _drive.ConnectAsync();

        var state = _drive.State;
        Assert.Equal(("debian.iso", MsdMode.CdRom, true, true, false), (state.ImageName, state.Mode, state.ReadOnly, state.Connected, state.Busy));
        Assert.Null(state.HostHasRead);
        Assert.Equal([("debian.iso", true, true)], _sink.Changes);

        Assert.Equal(MsdErrorCode.ImageInUse, Assert.Throws<MsdException>(() => _library.Delete("debian.iso")).Code);
        var connected = await Assert.ThrowsAsync<MsdException>(() => _drive.SetImageAsync(null, MsdMode.Flash, true));
        Assert.Equal(MsdErrorCode.DriveConnected, connected.Code);

        await _drive.DisconnectAsync();
        Assert.False(_drive.State.Connected);
        Assert.Equal((null, false, true), _sink.Changes[^1]);
        _library.Delete("debian.iso");
        Assert.Equal(MsdErrorCode.NotFound, (await Assert.ThrowsAsync<MsdException>(() => _drive.ConnectAsync())).Code);
    }

    [Fact]
    public async Task A_second_operation_while_one_runs_is_refused_as_busy()
    {
        await AddIsoAsync(_library, "slow.iso", 1024 * 1024);
        using var drive = new BlockingDrive(_library);
        await drive.SetImageAsync("slow.iso", MsdMode.CdRom, true);
        var states = new List<MassStorageState>();
        drive.StateChanged += (_, s) => states.Add(s);

        var connect = drive.ConnectAsync();
        await drive.Entered.Task;
        Assert.True(drive.State.Busy);
        foreach (var attempt in new Func<Task>[]
        {
            () => drive.ConnectAsync(),
            () => drive.DisconnectAsync(),
            () => drive.SetImageAsync(null, MsdMode.Flash, true),
        })
        {
            var ex = await Assert.ThrowsAsync<MsdException>(attempt);
            Assert.Equal(MsdErrorCode.Busy, ex.Code);
            Assert.Equal(409, ex.HttpStatusCode);
        }

        drive.Release.SetResult();
        await connect;
        Assert.False(drive.State.Busy);
        Assert.True(drive.State.Connected);
        Assert.Equal([true, false], states.Select(s => s.Busy));
    }

    [Fact]
    public async Task The_disabled_drive_refuses_everything()
    {
        var drive = new DisabledMassStorage();
        Assert.False(drive.State.Enabled);
        var ex = await Assert.ThrowsAsync<MsdException>(() => drive.ConnectAsync());
        Assert.Equal((MsdErrorCode.Disabled, 503), (ex.Code, ex.HttpStatusCode));
        await Assert.ThrowsAsync<MsdException>(() => drive.SetImageAsync(null, MsdMode.CdRom, true));
        await Assert.ThrowsAsync<MsdException>(() => drive.DisconnectAsync());
    }

    /// <summary>A backend whose attach waits for the test, to hold the drive busy.</summary>
    private sealed class BlockingDrive(ImageLibrary library) : MassStorageBase(library, NullLogger.Instance, MsdBackend.Simulated)
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task AttachCoreAsync(string path, string imageName, MsdMode mode, bool readOnly, CancellationToken cancellationToken)
        {
            Entered.SetResult();
            await Release.Task;
        }

        protected override Task DetachCoreAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
