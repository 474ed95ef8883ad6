using System.Runtime.InteropServices;

namespace KvmPortal.Hardware.Hid.Interop;

/// <summary>termios through libc (glibc on Linux x86_64/arm64) for the serial HID backend: raw mode, speed, CLOCAL|CREAD.</summary>
internal static partial class SerialPortNative
{
    private const int TermiosBufferSize = 128; // struct termios is 60 bytes on glibc; a larger opaque buffer is safe
    private const int CflagOffset = 8;        // c_iflag, c_oflag, then c_cflag
    private const uint Clocal = 0x800;
    private const uint Cread = 0x80;
    private const int Tcsanow = 0;
    private const int Tcioflush = 2;

    /// <summary>Puts the tty into raw 8N1 mode at <paramref name="baud"/>; returns 0 or an errno.</summary>
    public static unsafe int ConfigureRaw(int fd, int baud)
    {
        var speed = SpeedConstant(baud);
        var termios = stackalloc byte[TermiosBufferSize];
        new Span<byte>(termios, TermiosBufferSize).Clear();
        if (TcGetAttr(fd, termios) != 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        CfMakeRaw(termios);
        *(uint*)(termios + CflagOffset) |= Clocal | Cread;
        if (CfSetSpeed(termios, speed) != 0 || TcSetAttr(fd, Tcsanow, termios) != 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        _ = TcFlush(fd, Tcioflush);
        return 0;
    }

    /// <summary>Maps a baud rate to the Bnnn constant of Linux's termbits.h.</summary>
    public static uint SpeedConstant(int baud) => baud switch
    {
        9600 => 0x0D,
        19200 => 0x0E,
        38400 => 0x0F,
        57600 => 0x1001,
        115200 => 0x1002,
        230400 => 0x1003,
        460800 => 0x1004,
        921600 => 0x1007,
        _ => throw new ArgumentOutOfRangeException(nameof(baud), baud, "Unsupported baud rate."),
    };

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    private static unsafe partial int TcGetAttr(int fd, byte* termios);

    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    private static unsafe partial int TcSetAttr(int fd, int optionalActions, byte* termios);

    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    private static unsafe partial void CfMakeRaw(byte* termios);

    [LibraryImport("libc", EntryPoint = "cfsetspeed", SetLastError = true)]
    private static unsafe partial int CfSetSpeed(byte* termios, uint speed);

    [LibraryImport("libc", EntryPoint = "tcflush", SetLastError = true)]
    private static partial int TcFlush(int fd, int queueSelector);
}
