using KvmPortal.Hardware.Msd;
using KvmPortal.Hardware.Qemu;

namespace KvmPortal.Tests.Qemu;

/// <summary>The Qemu tests' virtual media: an image library in <c>directory/images</c> holding one image, and the QEMU mass storage over it.</summary>
internal sealed class QemuMedia(ImageLibrary library, QemuMassStorage msd) : IDisposable
{
    public ImageLibrary Library => library;

    public QemuMassStorage Msd => msd;

    /// <summary>A library whose image <paramref name="image"/> holds <paramref name="bytes"/> zero bytes.</summary>
    public static Task<QemuMedia> CreateAsync(string directory, QemuMachine machine, string image, int bytes) =>
        CreateAsync(directory, machine, image, path => File.WriteAllBytesAsync(path, new byte[bytes]));

    /// <summary>A library whose image <paramref name="image"/> is written by <paramref name="write"/> (given its path).</summary>
    public static async Task<QemuMedia> CreateAsync(string directory, QemuMachine machine, string image, Func<string, Task> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var library = new ImageLibrary(new MsdOptions { ImagesDirectory = Path.Combine(directory, "images") });
        try
        {
            await write(Path.Combine(library.Directory, image));
            return new QemuMedia(library, new QemuMassStorage(library, machine));
        }
        catch
        {
            library.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Msd.Dispose();
        Library.Dispose();
    }
}
