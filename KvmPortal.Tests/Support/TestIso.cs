
namespace KvmPortal.Tests.Support;

/// <summary>Real ISO 9660 images for tests, made by Debian's xorriso, padded past the kernel's 300-sector CD-ROM minimum.</summary>
public static class TestIso
{
    /// <summary>Builds <c>name</c> in <paramref name="folder"/> holding README.TXT and <paramref name="fillerBytes"/> of random filler.</summary>
    public static string Build(string folder, string name = "rescue.iso", int fillerBytes = 700 * 1024)
    {
        var root = Path.Combine(folder, Path.GetFileNameWithoutExtension(name) + "-root");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "README.TXT"), "KvmPortal rescue test image\n");
        var filler = new byte[fillerBytes];
        new Random(42).NextBytes(filler);
        File.WriteAllBytes(Path.Combine(root, "FILLER.BIN"), filler);
        var iso = Path.Combine(folder, name);
        var xorriso = TestProcess.Run("xorriso", ["-as", "mkisofs", "-quiet", "-V", "RESCUE", "-o", iso, root], TimeSpan.FromMinutes(2));
        Assert.True(xorriso.ExitCode == 0, "xorriso failed: " + xorriso.StandardError);
        Assert.True(new FileInfo(iso).Length >= 300 * 2048);
        return iso;
    }
}
