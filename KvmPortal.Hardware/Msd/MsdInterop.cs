using System.Runtime.InteropServices;

namespace KvmPortal.Hardware.Msd;

/// <summary>libc calls used only by virtual media.</summary>
internal static partial class MsdInterop
{
    public const int O_TRUNC = 0x200;
    public const int O_DIRECTORY = 0x10000;
    public const int ENOSPC = 28;
    public const int EDQUOT = 122;
    public const int EFBIG = 27;
    public const int EBUSY = 16;

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);
}
