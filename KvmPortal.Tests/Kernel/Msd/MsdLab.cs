using KvmPortal.Hardware.Msd;

namespace KvmPortal.Tests.Kernel.Msd;

/// <summary>One kernel-test setup: an image library on its own small tmpfs, a test gadget, and the UsbGadget drive on its LUN.</summary>
internal sealed class MsdLab : IDisposable
{
    public const string Vendor = "KvmTest";

    private readonly MsdTestGadget _gadget;

    private MsdLab(string root, MsdTestGadget gadget)
    {
        Root = root;
        _gadget = gadget;
        Library = new ImageLibrary(new MsdOptions { ImagesDirectory = Path.Combine(root, "images"), ReservedFreeSpaceBytes = 0 });
        Drive = new UsbGadgetMassStorage(Library, new MsdOptions { LunPath = gadget.LunPath, InquiryVendor = Vendor });
    }

    public string Root { get; }

    public ImageLibrary Library { get; }

    public UsbGadgetMassStorage Drive { get; }

    public string LunPath => _gadget.LunPath;

    public string Scratch => Path.Combine(Root, "scratch");

    public static MsdLab Create(string gadgetName)
    {
        var root = Path.Combine(Path.GetTempPath(), gadgetName + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        Shell.Check($"mount -t tmpfs -o size=96m kvmportal-msd {root}");
        MsdTestGadget? gadget = null;
        try
        {
            gadget = MsdTestGadget.Create(gadgetName);
            var lab = new MsdLab(root, gadget);
            Directory.CreateDirectory(lab.Scratch);
            return lab;
        }
        catch
        {
            gadget?.Dispose();
            Shell.Run($"umount {root}; rmdir {root}");
            throw;
        }
    }

    /// <summary>Mounts <paramref name="device"/> once the host side has noticed the medium (retries while it settles).</summary>
    public static async Task<string> MountAsync(string device, string types, string options, string mountPoint)
    {
        Directory.CreateDirectory(mountPoint);
        string? last = null;
        return await Shell.WaitForAsync($"mounting {device} ({last})", TimeSpan.FromSeconds(60), () =>
        {
            foreach (var type in types.Split(','))
            {
                var (code, output) = Shell.Run($"mount -t {type} -o {options} {device} {mountPoint}");
                if (code == 0)
                {
                    return mountPoint;
                }

                last = output;
            }

            return null;
        });
    }

    public void Dispose()
    {
        try
        {
            if (Drive.State.Connected)
            {
                Drive.DisconnectAsync().GetAwaiter().GetResult();
            }
        }
        finally
        {
            Drive.Dispose();
            _gadget.Dispose();
            Library.Dispose();
            Shell.Run($"umount {Root}/mnt-* 2>/dev/null; umount {Root}; rmdir {Root}");
        }
    }
}
