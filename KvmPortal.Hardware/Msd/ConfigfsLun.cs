using System.Runtime.InteropServices;
using System.Text;
using KvmPortal.Hardware.Interop;

namespace KvmPortal.Hardware.Msd;

/// <summary>Reads and writes the attributes of one f_mass_storage LUN in configfs (file, ro, cdrom, removable, nofua, inquiry_string, forced_eject).</summary>
internal sealed class ConfigfsLun(string path)
{
    public string Path { get; } = path;

    public bool Exists => Directory.Exists(Path);

    public bool Has(string attribute) => File.Exists(System.IO.Path.Combine(Path, attribute));

    public string Read(string attribute) => File.ReadAllText(System.IO.Path.Combine(Path, attribute)).TrimEnd('\n', '\0', ' ');

    /// <summary>Writes <paramref name="value"/> to an attribute in one write(2); returns 0 or the errno.</summary>
    public int TryWrite(string attribute, string value) => TryWriteFile(System.IO.Path.Combine(Path, attribute), value);

    /// <summary>Writes <paramref name="value"/> to a configfs or sysfs file in one write(2); returns 0 or the errno.</summary>
    public static unsafe int TryWriteFile(string file, string value)
    {
        var fd = Libc.Open(file, Libc.O_WRONLY | Libc.O_CLOEXEC | MsdInterop.O_TRUNC);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        try
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            fixed (byte* p = bytes)
            {
                var written = Libc.Write(fd, p, (nuint)bytes.Length);
                return written < 0 ? Marshal.GetLastPInvokeError() : 0;
            }
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    public void Write(string attribute, string value)
    {
        var errno = TryWrite(attribute, value);
        if (errno != 0)
        {
            throw Failure(attribute, value, errno);
        }
    }

    public MsdException Failure(string attribute, string value, int errno)
    {
        var hint = errno switch
        {
            2 => " (is the USB gadget up? it is built by the privileged gadget step)",
            13 => " (the gadget step must give the service user write access to the LUN attributes)",
            _ => string.Empty,
        };
        return new MsdException(
            MsdErrorCode.KernelError,
            $"the kernel refused \"{value.TrimEnd('\n')}\" for {attribute} in {Path}: {Libc.ErrorText(errno)} (errno {errno}){hint}");
    }
}
