using System.Runtime.InteropServices;

namespace KvmPortal.Hardware.Interop;

/// <summary>
/// The few libc calls shared by every device backend (HID, GPIO, V4L2, serial). Area-specific calls live beside their area.
/// </summary>
internal static partial class Libc
{
    public const int O_RDONLY = 0x0;
    public const int O_WRONLY = 0x1;
    public const int O_RDWR = 0x2;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;
    public const int O_NOCTTY = 0x100;

    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EAGAIN = 11;
    public const int ENODEV = 19;
    public const int EINVAL = 22;
    public const int EPIPE = 32;
    public const int ESHUTDOWN = 108;

    public const short POLLIN = 0x1;
    public const short POLLPRI = 0x2;
    public const short POLLOUT = 0x4;
    public const short POLLERR = 0x8;
    public const short POLLHUP = 0x10;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static unsafe partial nint Write(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static unsafe partial int Ioctl(int fd, nuint request, void* argument);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, nint argument);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static unsafe partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    public static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    public static partial int Munmap(nint address, nuint length);

    /// <summary>Linux _IOC encoding (x86, arm, arm64 share it).</summary>
    public static nuint Ioc(uint direction, uint type, uint number, uint size) =>
        (nuint)((direction << 30) | (size << 16) | (type << 8) | number);

    public static nuint IoR(uint type, uint number, uint size) => Ioc(2, type, number, size);

    public static nuint IoW(uint type, uint number, uint size) => Ioc(1, type, number, size);

    public static nuint IoWR(uint type, uint number, uint size) => Ioc(3, type, number, size);

    public static string ErrorText(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
