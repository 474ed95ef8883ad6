using System.Text.Json.Nodes;
using KvmPortal.Hardware.Msd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KvmPortal.Hardware.Qemu;

/// <summary>
/// Virtual media of a QEMU VM: a CD-ROM image goes into the VM's CD drive (<c>blockdev-change-medium</c>, <c>eject</c>);
/// a flash image becomes a hot-plugged usb-storage device on the xHCI bus (<c>blockdev-add</c> + <c>device_add</c>, <c>device_del</c> + <c>blockdev-del</c>).
/// </summary>
public sealed class QemuMassStorage : MassStorageBase
{
    private readonly QemuMachine _machine;
    private MsdMode? _attached;
    private List<(string Command, JsonObject Arguments)> _attachCommands = [];

    /// <summary>Initializes a new instance of the <see cref="QemuMassStorage"/> class.</summary>
    public QemuMassStorage(ImageLibrary library, QemuMachine machine, ILogger<QemuMassStorage>? logger = null)
        : base(library, (ILogger?)logger ?? NullLogger.Instance, MsdBackend.Qemu)
    {
        ArgumentNullException.ThrowIfNull(machine);
        _machine = machine;
        machine.AddRestoreAction(RestoreAsync);
    }

    private string UsbNode => _machine.Options.UsbDisk + "-node";

    /// <inheritdoc/>
    protected override async Task AttachCoreAsync(string path, string imageName, MsdMode mode, bool readOnly, CancellationToken cancellationToken)
    {
        var options = _machine.Options;
        _attachCommands = [];
        if (mode == MsdMode.CdRom)
        {
            await RunAsync("blockdev-change-medium", new JsonObject
            {
                ["device"] = options.CdromDrive,
                ["filename"] = Path.GetFullPath(path),
                ["format"] = "raw",
                ["read-only-mode"] = "read-only",
            }, cancellationToken).ConfigureAwait(false);
            QemuLog.Medium(Logger, options.CdromDrive, imageName);
        }
        else
        {
            if (string.IsNullOrEmpty(options.UsbDisk))
            {
                throw new MsdException(MsdErrorCode.InvalidRequest, "flash mode is off for this VM (KvmPortal:Qemu:UsbDisk is empty)");
            }

            await RunAsync("blockdev-add", new JsonObject
            {
                ["driver"] = "raw",
                ["node-name"] = UsbNode,
                ["read-only"] = readOnly,
                ["file"] = new JsonObject { ["driver"] = "file", ["filename"] = Path.GetFullPath(path), ["read-only"] = readOnly },
            }, cancellationToken).ConfigureAwait(false);
            try
            {
                await RunAsync("device_add", new JsonObject
                {
                    ["driver"] = "usb-storage",
                    ["id"] = options.UsbDisk,
                    ["drive"] = UsbNode,
                    ["removable"] = true,
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (MsdException)
            {
                await RunAsync("blockdev-del", new JsonObject { ["node-name"] = UsbNode }, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            QemuLog.Medium(Logger, options.UsbDisk, imageName);
        }

        _attached = mode;
    }

    /// <summary>Puts the medium back into a QEMU that KvmPortal had to start again.</summary>
    private async Task RestoreAsync(QmpClient qmp, CancellationToken cancellationToken)
    {
        if (_attached is null)
        {
            return;
        }

        foreach (var (command, arguments) in _attachCommands)
        {
            try
            {
                await qmp.ExecuteAsync(command, arguments, cancellationToken).ConfigureAwait(false);
            }
            catch (QmpException ex)
            {
                SetError($"QEMU restarted and {command} failed: {ex.Message}");
                QemuLog.OperationFailed(Logger, "restoring the medium", ex);
                NotifyStateChanged();
                return;
            }
        }
    }

    /// <inheritdoc/>
    protected override async Task DetachCoreAsync(CancellationToken cancellationToken)
    {
        var options = _machine.Options;
        if (_attached == MsdMode.Flash)
        {
            var deleted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnEvent(object? sender, QmpEvent e)
            {
                if (e.Name == "DEVICE_DELETED" && e.Data?["device"]?.ToString() == options.UsbDisk)
                {
                    deleted.TrySetResult();
                }
            }

            _machine.EventReceived += OnEvent;
            try
            {
                await RunAsync("device_del", new JsonObject { ["id"] = options.UsbDisk }, cancellationToken).ConfigureAwait(false);
                await deleted.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException ex)
            {
                throw new MsdException(MsdErrorCode.KernelError, "QEMU did not remove the USB disk within 10 s", null, ex);
            }
            finally
            {
                _machine.EventReceived -= OnEvent;
            }

            await RunAsync("blockdev-del", new JsonObject { ["node-name"] = UsbNode }, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await RunAsync("eject", new JsonObject { ["device"] = options.CdromDrive, ["force"] = true }, cancellationToken).ConfigureAwait(false);
        }

        _attached = null;
        QemuLog.Medium(Logger, options.CdromDrive, "(none)");
    }

    private async Task RunAsync(string command, JsonObject arguments, CancellationToken cancellationToken)
    {
        if (command is "blockdev-change-medium" or "blockdev-add" or "device_add")
        {
            _attachCommands.Add((command, arguments));
        }

        try
        {
            await _machine.ExecuteAsync(command, arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is QmpException or IOException or TimeoutException or InvalidOperationException)
        {
            throw new MsdException(MsdErrorCode.KernelError, $"QEMU {command} failed: {ex.Message}", null, ex);
        }
    }
}
