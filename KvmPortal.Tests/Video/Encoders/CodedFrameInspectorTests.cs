using System.Buffers.Binary;
using KvmPortal.Hardware.Video.Encoders;
using Xunit;

namespace KvmPortal.Tests.Video.Encoders;

public class CodedFrameInspectorTests
{
    [Theory]
    [InlineData(0x400u, true)]
    [InlineData(0x0u, false)]
    [InlineData(0x180u, false)] // chroma-full flags only: a P-frame
    public void Fwht_IntraFlag_ReadFromBigEndianHeader(uint flags, bool intra)
    {
        byte[] frame = FwhtHeader(1280, 720, flags);
        Assert.Equal(intra, CodedFrameInspector.IsKeyFrame(VideoCodec.Fwht, frame));
        Assert.Equal((1280, 720), CodedFrameInspector.FwhtSize(frame));
    }

    [Fact]
    public void Fwht_WithoutMagic_IsNoKeyFrame()
    {
        byte[] frame = FwhtHeader(640, 360, 0x400);
        frame[0] = 0;
        Assert.False(CodedFrameInspector.IsKeyFrame(VideoCodec.Fwht, frame));
        Assert.False(CodedFrameInspector.IsKeyFrame(VideoCodec.Fwht, frame.AsSpan(0, 20)));
    }

    [Fact]
    public void H264_IdrAccessUnit_WithSpsPps_IsKeyFrame_PSliceIsNot()
    {
        byte[] idr = [0, 0, 0, 1, 0x67, 0x42, 0xC0, 0x28, 0, 0, 0, 1, 0x68, 0xCE, 0x3C, 0x80, 0, 0, 1, 0x65, 0x88, 0x84];
        byte[] p = [0, 0, 0, 1, 0x41, 0x9A, 0x02];
        Assert.Equal([7, 8, 5], CodedFrameInspector.H264NalTypes(idr));
        Assert.True(CodedFrameInspector.IsKeyFrame(VideoCodec.H264, idr));
        Assert.Equal([1], CodedFrameInspector.H264NalTypes(p));
        Assert.False(CodedFrameInspector.IsKeyFrame(VideoCodec.H264, p));
    }

    internal static byte[] FwhtHeader(int width, int height, uint flags)
    {
        byte[] header = new byte[CodedFrameInspector.FwhtHeaderSize + 8];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x4F4F4F4F);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), 0xFFFFFFFF);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), 3);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(12), (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(16), (uint)height);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(20), flags);
        return header;
    }
}
