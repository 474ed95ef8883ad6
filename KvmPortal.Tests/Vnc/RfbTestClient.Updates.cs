using System.Buffers.Binary;
using KvmPortal.Hardware.Video;

namespace KvmPortal.Tests.Vnc;

/// <content>FramebufferUpdate: Raw and Tight/JPEG rectangles into <see cref="Rgb"/>, and the pseudo-encodings (resize, LastRect, QEMU keys).</content>
public sealed partial class RfbTestClient
{
    /// <summary>Reads one FramebufferUpdate into <see cref="Rgb"/>; returns its size in bytes.</summary>
    public async Task<int> ReadUpdateAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        var before = BytesReceived;
        var header = await ReadAsync(4, cts.Token);
        Assert.Equal(0, header[0]);
        int rects = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));
        LastEncodings.Clear();
        for (var i = 0; i < rects; i++)
        {
            var r = await ReadAsync(12, cts.Token);
            int x = BinaryPrimitives.ReadUInt16BigEndian(r), y = BinaryPrimitives.ReadUInt16BigEndian(r.AsSpan(2));
            int w = BinaryPrimitives.ReadUInt16BigEndian(r.AsSpan(4)), h = BinaryPrimitives.ReadUInt16BigEndian(r.AsSpan(6));
            var encoding = BinaryPrimitives.ReadInt32BigEndian(r.AsSpan(8));
            LastEncodings.Add(encoding);
            switch (encoding)
            {
                case -224: // LastRect
                    return (int)(BytesReceived - before);
                case -258:
                    QemuKeysAcknowledged = true;
                    break;
                case -223:
                    Resize(w, h);
                    break;
                case -308:
                    var screens = (await ReadAsync(4, cts.Token))[0];
                    _ = await ReadAsync(screens * 16, cts.Token);
                    if (x == 0)
                    {
                        Resize(w, h);
                    }

                    break;
                case 0:
                    var raw = await ReadAsync(w * h * 4, cts.Token);
                    for (var row = 0; row < h; row++)
                    {
                        for (var col = 0; col < w; col++)
                        {
                            var s = ((row * w) + col) * 4;
                            var d = (((y + row) * Width) + x + col) * 3;
                            Rgb[d] = raw[s + 2];
                            Rgb[d + 1] = raw[s + 1];
                            Rgb[d + 2] = raw[s];
                        }
                    }

                    break;
                case 7:
                    Assert.Equal(0x90, (await ReadAsync(1, cts.Token))[0]);
                    var length = 0;
                    for (var shift = 0; shift < 21; shift += 7)
                    {
                        var b = (await ReadAsync(1, cts.Token))[0];
                        length |= (b & 0x7F) << shift;
                        if ((b & 0x80) == 0 || shift == 14)
                        {
                            break;
                        }
                    }

                    var pixels = JpegInspector.DecodeRgb24(await ReadAsync(length, cts.Token), out var jpegHeader);
                    Assert.Equal((w, h), (jpegHeader.Width, jpegHeader.Height));
                    for (var row = 0; row < h; row++)
                    {
                        pixels.AsSpan(row * w * 3, w * 3).CopyTo(Rgb.AsSpan((((y + row) * Width) + x) * 3));
                    }

                    break;
                default:
                    Assert.Fail($"unexpected encoding {encoding}");
                    break;
            }
        }

        return (int)(BytesReceived - before);
    }

    private void Resize(int w, int h)
    {
        Width = w;
        Height = h;
        Rgb = new byte[w * h * 3];
    }
}
