using System.Runtime.InteropServices;

namespace KvmPortal.Tests.Hid;

/// <summary>The libc calls the HID backend tests make on their FIFOs and pseudo-terminals, with managed buffers.</summary>
internal static partial class TestLibc
{
    [LibraryImport("libc", EntryPoint = "close")]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "read")]
    public static partial nint Read(int fd, byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write")]
    public static partial nint Write(int fd, byte[] buffer, nint count);
}
