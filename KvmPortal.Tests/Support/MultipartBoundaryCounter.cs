using System.Text;

namespace KvmPortal.Tests.Support;

/// <summary>Counts MJPEG part boundaries (<c>--boundarydonotcross</c>) across reads of any size, for stream tests and benchmarks.</summary>
public sealed class MultipartBoundaryCounter
{
    private static readonly byte[] Marker = Encoding.ASCII.GetBytes("--boundarydonotcross");
    private int _matched;

    public long Count { get; private set; }

    /// <summary>Feeds the next chunk read from the stream; returns how many boundaries it completed.</summary>
    public int Feed(ReadOnlySpan<byte> chunk)
    {
        var found = 0;
        foreach (var b in chunk)
        {
            _matched = b == Marker[_matched] ? _matched + 1 : b == Marker[0] ? 1 : 0;
            if (_matched == Marker.Length)
            {
                found++;
                _matched = 0;
            }
        }

        Count += found;
        return found;
    }
}
