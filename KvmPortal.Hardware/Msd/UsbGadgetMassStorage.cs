using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KvmPortal.Hardware.Msd;

/// <summary>
/// The drive as the USB gadget's mass_storage LUN (<see cref="MsdOptions.LunPath"/>). The gadget itself (functions, configs, UDC)
/// is built by the privileged gadget step; this backend only writes the LUN's cdrom, ro, removable, nofua, inquiry_string and
/// file attributes, and ejects through forced_eject where the kernel has it (so a host that locked the medium cannot keep it).
/// </summary>
public sealed class UsbGadgetMassStorage : MassStorageBase
{
    private readonly ConfigfsLun _lun;
    private readonly MsdOptions _options;
    private readonly TimeProvider _time;
    private readonly HostReadTracker _hostRead = new();
    private ITimer? _poll;
    private bool? _lastHostRead;

    public UsbGadgetMassStorage(ImageLibrary library, MsdOptions options, ILogger<UsbGadgetMassStorage>? logger = null, TimeProvider? timeProvider = null)
        : base(library, (ILogger?)logger ?? NullLogger.Instance, MsdBackend.UsbGadget)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _lun = new ConfigfsLun(options.LunPath);
        AdoptAttachedMedium();
    }

    protected override bool? HostHasRead => _hostRead.Check();

    /// <summary>Formats the 28-character SCSI INQUIRY identification: vendor (8), product (16), revision (4), printable ASCII.</summary>
    internal static string InquiryString(string vendor, string product, string revision) =>
        Field(vendor, 8) + Field(product, 16) + Field(revision, 4);

    protected override async Task AttachCoreAsync(string path, string imageName, MsdMode mode, bool readOnly, CancellationToken cancellationToken)
    {
        if (!_lun.Exists)
        {
            throw new MsdException(
                MsdErrorCode.KernelError,
                $"the mass-storage LUN {_lun.Path} does not exist: the USB gadget is not up (it is built by the privileged gadget step)");
        }

        // cdrom and ro can only change while no file is open (EBUSY), so eject whatever is there first.
        if (_lun.Read("file").Length > 0)
        {
            Eject();
        }

        var cdrom = mode == MsdMode.CdRom;
        var inquiry = InquiryString(_options.InquiryVendor, cdrom ? _options.InquiryProductCdRom : _options.InquiryProductFlash, _options.InquiryRevision);
        var hostViewChanges = _lun.Read("cdrom") != (cdrom ? "1" : "0")
            || (_lun.Has("inquiry_string") && _lun.Read("inquiry_string") != inquiry.TrimEnd());
        _lun.Write("cdrom", cdrom ? "1\n" : "0\n");
        _lun.Write("ro", readOnly ? "1\n" : "0\n");
        _lun.Write("removable", "1\n");
        _lun.Write("nofua", _options.NoFua ? "1\n" : "0\n");
        _lun.Write("inquiry_string", inquiry);
        if (cdrom && _lun.Has("inquiry_string_cdrom"))
        {
            _lun.Write("inquiry_string_cdrom", inquiry);
        }

        _hostRead.Arm(path);
        var errno = _lun.TryWrite("file", path + "\n");
        if (errno != 0)
        {
            _hostRead.Disarm();
            throw errno is 5 or 525 /* EIO, or the kernel-internal ETOOSMALL leaking out of fsg_lun_open */
                ? new MsdException(MsdErrorCode.KernelError, $"the kernel refused \"{imageName}\" (EIO); see the kernel log (for a CD-ROM it needs at least 300 sectors of 2048 bytes)")
                : _lun.Failure("file", path, errno);
        }

        _lastHostRead = false;
        var period = TimeSpan.FromMilliseconds(Math.Max(100, _options.HostReadPollMilliseconds));
        _poll?.Dispose();
        _poll = _time.CreateTimer(_ => PollHostRead(), null, period, period);
        if (hostViewChanges && _options.ReconnectHostOnModeChange)
        {
            try
            {
                await ReconnectHostAsync(cancellationToken);
            }
            catch
            {
                Eject();
                StopPolling();
                throw;
            }
        }
    }

    protected override Task DetachCoreAsync(CancellationToken cancellationToken)
    {
        if (_lun.Exists)
        {
            Eject();
        }

        StopPolling();
        return Task.CompletedTask;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            StopPolling();
        }

        base.Dispose(disposing);
    }

    private static string Field(string value, int width)
    {
        var chars = value.Select(c => c is >= ' ' and <= '~' ? c : ' ').Take(width).ToArray();
        return new string(chars).PadRight(width);
    }

    private void Eject()
    {
        if (_lun.Has("forced_eject"))
        {
            _lun.Write("forced_eject", "1\n");
            return;
        }

        var errno = _lun.TryWrite("file", "\n");
        if (errno == MsdInterop.EBUSY)
        {
            throw new MsdException(MsdErrorCode.MediumLocked, "the host has locked the medium and this kernel has no forced_eject; eject it on the host first");
        }

        if (errno != 0)
        {
            throw _lun.Failure("file", string.Empty, errno);
        }
    }

    /// <summary>
    /// Makes the host enumerate the gadget again so that it reads the new device type and INQUIRY data (a host reads them only at
    /// plug-in): the gadget's UDC is unbound and bound again. (The UDC's soft_connect would be gentler, but on Linux 6.1 with
    /// dummy_hcd the gadget no longer answers on ep0 after a soft disconnect and connect, so the proven rebind is used.)
    /// </summary>
    private async Task ReconnectHostAsync(CancellationToken cancellationToken)
    {
        var udcFile = Path.GetFullPath(Path.Combine(_lun.Path, "..", "..", "..", "UDC"));
        var udc = File.Exists(udcFile) ? File.ReadAllText(udcFile).Trim() : string.Empty;
        if (udc.Length == 0)
        {
            return; // Not bound: the host will see the new identity when the gadget is bound.
        }

        var errno = ConfigfsLun.TryWriteFile(udcFile, "\n");
        if (errno != 0)
        {
            throw new MsdException(MsdErrorCode.KernelError, $"the host could not be made to re-read the drive type ({udcFile}: {Interop.Libc.ErrorText(errno)}); unplug and replug the USB cable, or let the gadget step grant write access to UDC");
        }

        try
        {
            if (_options.HostReconnectDelayMilliseconds > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(_options.HostReconnectDelayMilliseconds), _time, cancellationToken);
            }
        }
        finally
        {
            errno = ConfigfsLun.TryWriteFile(udcFile, udc + "\n");
        }

        if (errno != 0)
        {
            throw new MsdException(MsdErrorCode.KernelError, $"could not bind the USB gadget to {udc} again after a drive type change: {Interop.Libc.ErrorText(errno)}");
        }
    }

    private void StopPolling()
    {
        _poll?.Dispose();
        _poll = null;
        _hostRead.Disarm();
        _lastHostRead = null;
    }

    private void PollHostRead()
    {
        var now = _hostRead.Check();
        if (now != _lastHostRead)
        {
            _lastHostRead = now;
            NotifyStateChanged();
        }
    }

    /// <summary>After a service restart the LUN may still hold one of our images: show it as connected instead of fighting it.</summary>
    private void AdoptAttachedMedium()
    {
        if (!_lun.Exists)
        {
            SetError($"the mass-storage LUN {_lun.Path} does not exist yet (the USB gadget is not up)");
            return;
        }

        var file = _lun.Read("file");
        if (file.Length == 0)
        {
            return;
        }

        var name = Path.GetFileName(file);
        if (Path.GetDirectoryName(file) == Library.Directory && ImageName.Check(name) is null && Library.Exists(name))
        {
            Adopt(name, _lun.Read("cdrom") == "1" ? MsdMode.CdRom : MsdMode.Flash, _lun.Read("ro") != "0");
        }
        else
        {
            SetError($"the LUN holds a file outside the image library: {file}; disconnecting ejects it");
        }
    }
}
