using KvmPortal.Hardware.Video.Encoders;
using Xunit;

namespace KvmPortal.Tests.Video.Encoders;

public sealed class V4l2EncoderFinderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kvmportal-v4l-sysfs").FullName;

    [Fact]
    public void FindsNodeByExactName_LowestNumberFirst()
    {
        Node("video0", "vivid-000-vid-cap");
        Node("video12", "stateful-encoder");
        Node("video3", "stateful-encoder");
        Node("video4", "stateful-decoder");
        Node("video11", "bcm2835-codec-encode");

        Assert.Equal("/dev/video3", V4l2EncoderFinder.Find(V4l2EncoderFinder.VicodecEncoder, _root));
        Assert.Equal("/dev/video11", V4l2EncoderFinder.Find(V4l2EncoderFinder.RaspberryPiEncoder, _root));
        Assert.Null(V4l2EncoderFinder.Find("stateful", _root));
    }

    [Fact]
    public void MissingClassFolder_FindsNothing() =>
        Assert.Null(V4l2EncoderFinder.Find(V4l2EncoderFinder.VicodecEncoder, Path.Combine(_root, "absent")));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Node(string node, string name)
    {
        string dir = Path.Combine(_root, node);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "name"), name + "\n");
    }
}
