using Microsoft.Extensions.Logging;

namespace KvmPortal.Hardware.Msd;

/// <summary>
/// The drive logic shared by the backends: one operation at a time, validation of image and mode, the library's
/// "attached" mark (so the image cannot be deleted), state and events. Backends only present and eject the medium.
/// </summary>
public abstract class MassStorageBase : IMassStorage, IDisposable
{
    private readonly SemaphoreSlim _operation = new(1, 1);
    private readonly Lock _stateLock = new();
    private string? _image;
    private MsdMode _mode = MsdMode.CdRom;
    private bool _readOnly = true;
    private bool _connected;
    private bool _busy;
    private string? _error;
    private string? _warning;
    private IDisposable? _attachment;

    protected MassStorageBase(ImageLibrary library, ILogger logger, MsdBackend backend)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(logger);
        Library = library;
        Logger = logger;
        Backend = backend;
    }

    /// <inheritdoc/>
    public event EventHandler<MassStorageState>? StateChanged;

    /// <inheritdoc/>
    public MassStorageState State
    {
        get
        {
            lock (_stateLock)
            {
                return new MassStorageState(true, Backend, _image, _mode, _readOnly, _connected, _busy, _connected ? HostHasRead : null, _error, _warning);
            }
        }
    }

    protected ImageLibrary Library { get; }

    protected ILogger Logger { get; }

    protected MsdBackend Backend { get; }

    /// <summary>Gets whether the host has read the connected medium (null when the backend cannot tell).</summary>
    protected virtual bool? HostHasRead => null;

    /// <inheritdoc/>
    public Task SetImageAsync(string? imageName, MsdMode mode, bool readOnly, CancellationToken cancellationToken = default) =>
        RunExclusiveAsync(() =>
        {
            if (_connected)
            {
                throw new MsdException(MsdErrorCode.DriveConnected, "the drive is connected; disconnect it before changing the image or mode");
            }

            var effectiveReadOnly = imageName is null ? readOnly || mode == MsdMode.CdRom : Validate(imageName, mode, readOnly);
            var warning = imageName is not null && mode == MsdMode.CdRom && Library.Get(imageName).Size > OpticalDisc.MaxCdRomBytes
                ? $"\"{imageName}\" is {OpticalDisc.TooLargeWarning}"
                : null;
            lock (_stateLock)
            {
                (_image, _mode, _readOnly, _warning) = (imageName, mode, effectiveReadOnly, warning);
            }

            return Task.CompletedTask;
        });

    /// <inheritdoc/>
    public Task ConnectAsync(CancellationToken cancellationToken = default) =>
        RunExclusiveAsync(async () =>
        {
            if (_connected)
            {
                return;
            }

            var image = _image ?? throw new MsdException(MsdErrorCode.NoImageSelected, "no image is selected");
            var readOnly = Validate(image, _mode, _readOnly);
            var attachment = Library.AcquireAttachment(image);
            try
            {
                await AttachCoreAsync(Library.ImagePath(image), image, _mode, readOnly, cancellationToken);
            }
            catch
            {
                attachment.Dispose();
                throw;
            }

            lock (_stateLock)
            {
                (_attachment, _connected, _readOnly) = (attachment, true, readOnly);
            }

            MsdLog.Attached(Logger, image, _mode, readOnly);
        });

    /// <inheritdoc/>
    public Task DisconnectAsync(CancellationToken cancellationToken = default) =>
        RunExclusiveAsync(async () =>
        {
            if (!_connected)
            {
                return;
            }

            await DetachCoreAsync(cancellationToken);
            lock (_stateLock)
            {
                _attachment?.Dispose();
                (_attachment, _connected) = (null, false);
            }

            MsdLog.Detached(Logger);
        });

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Checks that <paramref name="imageName"/> exists and suits <paramref name="mode"/>; returns the effective read-only flag.
    /// </summary>
    internal bool Validate(string imageName, MsdMode mode, bool readOnly)
    {
        var image = Library.Get(imageName);
        if (mode == MsdMode.CdRom)
        {
            // Images over 2.2 GB are not refused, but the state carries OpticalDisc.TooLargeWarning (see there).
            return image.Size < OpticalDisc.MinimumCdRomBytes
                ? throw new MsdException(MsdErrorCode.ImageTooSmall, $"\"{imageName}\" ({image.Size} bytes) is {OpticalDisc.TooSmallMessage}")
                : true;
        }

        if (image.IsOpticalDisc && !readOnly)
        {
            throw new MsdException(
                MsdErrorCode.ImageNotWritable,
                $"\"{imageName}\" is an ISO 9660/UDF image and is never writable; attach it read-only or as a CD-ROM");
        }

        return image.Size < 512
            ? throw new MsdException(MsdErrorCode.ImageTooSmall, $"\"{imageName}\" ({image.Size} bytes) is too small for a flash drive (at least one 512-byte sector)")
            : readOnly;
    }

    /// <summary>Records a medium found already attached at start (for example after a service restart).</summary>
    protected void Adopt(string imageName, MsdMode mode, bool readOnly)
    {
        var attachment = Library.AcquireAttachment(imageName);
        lock (_stateLock)
        {
            (_image, _mode, _readOnly, _connected, _attachment) = (imageName, mode, readOnly, true, attachment);
        }

        MsdLog.Adopted(Logger, imageName);
    }

    /// <summary>Records a failure that is not the caller's fault (shown in the state until the next success).</summary>
    protected void SetError(string? error)
    {
        lock (_stateLock)
        {
            _error = error;
        }
    }

    /// <summary>Raises <see cref="StateChanged"/> with a fresh snapshot.</summary>
    protected void NotifyStateChanged() => StateChanged?.Invoke(this, State);

    /// <summary>Presents the file to the host.</summary>
    protected abstract Task AttachCoreAsync(string path, string imageName, MsdMode mode, bool readOnly, CancellationToken cancellationToken);

    /// <summary>Ejects the medium.</summary>
    protected abstract Task DetachCoreAsync(CancellationToken cancellationToken);

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _operation.Dispose();
        }
    }

    private async Task RunExclusiveAsync(Func<Task> operation)
    {
        if (!_operation.Wait(0))
        {
            throw new MsdException(MsdErrorCode.Busy, "another virtual-media operation is in progress");
        }

        try
        {
            lock (_stateLock)
            {
                _busy = true;
            }

            NotifyStateChanged();
            await operation();
            SetError(null);
        }
        catch (MsdException ex) when (ex.Code is MsdErrorCode.KernelError or MsdErrorCode.MediumLocked)
        {
            SetError(ex.Message);
            MsdLog.DriveFailed(Logger, ex.Message);
            throw;
        }
        finally
        {
            // Not busy and free together: a client that reads Busy = false may start the next operation at once.
            lock (_stateLock)
            {
                _busy = false;
                _operation.Release();
            }

            NotifyStateChanged();
        }
    }
}
