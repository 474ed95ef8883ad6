using KvmPortal.Hardware.Msd;
using Xunit;

namespace KvmPortal.Tests.Msd;

public class ImageNameTests
{
    [Theory]
    [InlineData("debian-12.iso")]
    [InlineData("Windows 11 (x64).iso")]
    [InlineData("flash.img")]
    [InlineData("ubuntu_24.04-live.server+amd64.iso")]
    [InlineData("Übersicht ça marche 日本語.img")]
    [InlineData("a.b.c")]
    public void Accepts_plain_file_names(string name)
    {
        Assert.Null(ImageName.Check(name));
        Assert.Equal(name, ImageName.Validate(name));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData(".hidden.iso", "dot")]
    [InlineData(".", "dot")]
    [InlineData("..", "dot")]
    [InlineData("a..b.iso", "\"..\"")]
    [InlineData("../etc/passwd", "dot")]
    [InlineData("images/../x.iso", "\"..\"")]
    [InlineData("dir/file.iso", "path separator")]
    [InlineData("dir\\file.iso", "path separator")]
    [InlineData("/abs.iso", "path separator")]
    [InlineData("tab\there.iso", "control")]
    [InlineData("nul\0.iso", "control")]
    [InlineData("new\nline.iso", "control")]
    [InlineData("del\u007f.iso", "control")]
    [InlineData("rtl\u202Egpj.exe", "formatting")]
    [InlineData(" leading.iso", "white space")]
    [InlineData("trailing.iso ", "white space")]
    [InlineData("lost+found", "reserved")]
    public void Refuses_unsafe_names_with_a_reason(string name, string reasonFragment)
    {
        var reason = ImageName.Check(name);
        Assert.NotNull(reason);
        Assert.Contains(reasonFragment, reason, StringComparison.Ordinal);
        var ex = Assert.Throws<MsdException>(() => ImageName.Validate(name));
        Assert.Equal(MsdErrorCode.InvalidName, ex.Code);
        Assert.Equal(400, ex.HttpStatusCode);
    }

    [Fact]
    public void Refuses_names_longer_than_the_byte_limit_counting_utf8()
    {
        Assert.Null(ImageName.Check(new string('a', ImageName.MaxUtf8Bytes)));
        Assert.Contains("longer", ImageName.Check(new string('a', ImageName.MaxUtf8Bytes + 1)), StringComparison.Ordinal);

        // 'é' is two bytes in UTF-8: 101 of them exceed 200 bytes although the string has 101 characters.
        Assert.Contains("longer", ImageName.Check(new string('é', 101)), StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_lone_surrogate()
    {
        Assert.Contains("Unicode", ImageName.Check("bad\uD800.iso"), StringComparison.Ordinal);
    }
}
