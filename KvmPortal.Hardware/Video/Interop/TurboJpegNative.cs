using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace KvmPortal.Hardware.Video.Interop;

/// <summary>
/// P/Invoke declarations for the TurboJPEG 2.x API (Debian's libturbojpeg0, libjpeg-turbo 2.1.5: no tj3 functions).
/// The logical name "turbojpeg" is mapped to the runtime soname "libturbojpeg.so.0" so the -dev package is not needed.
/// </summary>
internal static partial class TurboJpegNative
{
    public const string LibraryName = "turbojpeg";
    public const string RuntimeSoname = "libturbojpeg.so.0";

    public const int TJPF_RGB = 0;
    public const int TJPF_BGR = 1;
    public const int TJPF_RGBX = 2;
    public const int TJPF_BGRX = 3;

    public const int TJSAMP_444 = 0;
    public const int TJSAMP_422 = 1;
    public const int TJSAMP_420 = 2;
    public const int TJSAMP_GRAY = 3;

    public const int TJFLAG_NOREALLOC = 1024;
    public const int TJFLAG_FASTDCT = 2048;

    static TurboJpegNative()
    {
        // A multicast event (not SetDllImportResolver, which allows one resolver per assembly and would collide with other areas).
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += Resolve;
    }

    /// <summary>Forces the static constructor (and so the name mapping) before the first native call.</summary>
    public static void EnsureResolver()
    {
    }

    private static nint Resolve(Assembly assembly, string name)
    {
        if (name == LibraryName && assembly == typeof(TurboJpegNative).Assembly)
        {
            return NativeLibrary.Load(RuntimeSoname);
        }

        return 0;
    }

    [LibraryImport(LibraryName, EntryPoint = "tjInitCompress")]
    public static partial nint InitCompress();

    [LibraryImport(LibraryName, EntryPoint = "tjInitDecompress")]
    public static partial nint InitDecompress();

    [LibraryImport(LibraryName, EntryPoint = "tjDestroy")]
    public static partial int Destroy(nint handle);

    [LibraryImport(LibraryName, EntryPoint = "tjCompress2")]
    public static unsafe partial int Compress2(
        nint handle, byte* source, int width, int pitch, int height, int pixelFormat,
        byte** jpegBuffer, CULong* jpegSize, int subsampling, int quality, int flags);

    [LibraryImport(LibraryName, EntryPoint = "tjCompressFromYUVPlanes")]
    public static unsafe partial int CompressFromYuvPlanes(
        nint handle, byte** planes, int width, int* strides, int height, int subsampling,
        byte** jpegBuffer, CULong* jpegSize, int quality, int flags);

    [LibraryImport(LibraryName, EntryPoint = "tjDecompressHeader3")]
    public static unsafe partial int DecompressHeader3(
        nint handle, byte* jpegBuffer, CULong jpegSize, int* width, int* height, int* subsampling, int* colorspace);

    [LibraryImport(LibraryName, EntryPoint = "tjDecompress2")]
    public static unsafe partial int Decompress2(
        nint handle, byte* jpegBuffer, CULong jpegSize, byte* destination, int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport(LibraryName, EntryPoint = "tjBufSize")]
    public static partial CULong BufSize(int width, int height, int subsampling);

    [LibraryImport(LibraryName, EntryPoint = "tjGetErrorStr2")]
    public static partial nint GetErrorStr2(nint handle);

    public static string ErrorText(nint handle) => Marshal.PtrToStringUTF8(GetErrorStr2(handle)) ?? "unknown TurboJPEG error";
}
