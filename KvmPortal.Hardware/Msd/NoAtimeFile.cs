using System.Runtime.InteropServices;
using KvmPortal.Hardware.Interop;
using Microsoft.Win32.SafeHandles;

namespace KvmPortal.Hardware.Msd;

/// <summary>
/// Opens images for reading with O_NOATIME, so that KvmPortal's own reads (listing, hashing, downloads) do not look like the
/// host reading the medium (the "host has read it" state watches the image's access time). Falls back to a plain open where
/// O_NOATIME is not permitted (a file owned by another user).
/// </summary>
internal static partial class NoAtimeFile
{
    private const int O_NOATIME = 0x40000;

    // 32-bit ARM needs O_LARGEFILE for images over 2 GiB; 64-bit kernels imply it.
    private static readonly int LargeFile = RuntimeInformation.ProcessArchitecture == Architecture.Arm ? 0x20000 : 0;

    public static SafeFileHandle OpenRead(string path)
    {
        var flags = Libc.O_RDONLY | Libc.O_CLOEXEC | LargeFile;
        var fd = Libc.Open(path, flags | O_NOATIME);
        if (fd < 0 && Marshal.GetLastPInvokeError() == 1 /* EPERM */)
        {
            fd = Libc.Open(path, flags);
        }

        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno switch
            {
                2 => new FileNotFoundException($"no such file: {path}", path),
                13 => new UnauthorizedAccessException($"permission denied: {path}"),
                _ => new IOException($"cannot open {path}: {Libc.ErrorText(errno)}", errno),
            };
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    public static FileStream OpenStream(string path, int bufferSize = 0) => new(OpenRead(path), FileAccess.Read, bufferSize);
}
