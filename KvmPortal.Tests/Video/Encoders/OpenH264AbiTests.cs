using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KvmPortal.Hardware.Video.Interop;
using Xunit;

namespace KvmPortal.Tests.Video.Encoders;

/// <summary>The openh264 binding's layouts, enum values and vtable slots, checked against wels/codec_api.h (libopenh264-dev) with gcc.</summary>
public class OpenH264AbiTests
{
    private static readonly Lazy<Dictionary<string, long>> Header = new(() => CHeaderProbe.Run(CProgram));

    [Theory]
    [InlineData("SEncParamBase", 24)]
    [InlineData("SSourcePicture", 72)]
    [InlineData("SLayerBSInfo", 40)]
    [InlineData("SFrameBSInfo", 5144)]
    public void StructSizes_MatchHeader(string name, int documented)
    {
        Type type = typeof(OpenH264Native).Assembly.GetType("KvmPortal.Hardware.Video.Interop." + name)!;
        int ours = Marshal.SizeOf(type);
        Assert.Equal(documented, ours);
        Assert.Equal(ours, Header.Value["sizeof_" + name]);
        Assert.Equal(ours, name == "SFrameBSInfo" ? Unsafe.SizeOf<SFrameBSInfo>() : ours);
    }

    [Theory]
    [InlineData("SEncParamBase", "iTargetBitrate", nameof(SEncParamBase.iTargetBitrate))]
    [InlineData("SEncParamBase", "fMaxFrameRate", nameof(SEncParamBase.fMaxFrameRate))]
    [InlineData("SSourcePicture", "iStride", "iStride")]
    [InlineData("SSourcePicture", "pData", "pData")]
    [InlineData("SSourcePicture", "iPicWidth", nameof(SSourcePicture.iPicWidth))]
    [InlineData("SSourcePicture", "uiTimeStamp", nameof(SSourcePicture.uiTimeStamp))]
    [InlineData("SLayerBSInfo", "eFrameType", nameof(SLayerBSInfo.eFrameType))]
    [InlineData("SLayerBSInfo", "iNalCount", nameof(SLayerBSInfo.iNalCount))]
    [InlineData("SLayerBSInfo", "pNalLengthInByte", nameof(SLayerBSInfo.pNalLengthInByte))]
    [InlineData("SLayerBSInfo", "pBsBuf", nameof(SLayerBSInfo.pBsBuf))]
    [InlineData("SFrameBSInfo", "sLayerInfo", nameof(SFrameBSInfo.FirstLayer))]
    [InlineData("SFrameBSInfo", "eFrameType", nameof(SFrameBSInfo.eFrameType))]
    [InlineData("SFrameBSInfo", "iFrameSizeInBytes", nameof(SFrameBSInfo.iFrameSizeInBytes))]
    [InlineData("SFrameBSInfo", "uiTimeStamp", nameof(SFrameBSInfo.uiTimeStamp))]
    public void FieldOffsets_MatchHeader(string structName, string cField, string field)
    {
        Type type = typeof(OpenH264Native).Assembly.GetType("KvmPortal.Hardware.Video.Interop." + structName)!;
        long ours = (long)Marshal.OffsetOf(type, field);
        Assert.Equal(Header.Value[$"offsetof_{structName}_{cField}"], ours);
    }

    [Theory]
    [InlineData("Initialize", OpenH264Native.SlotInitialize)]
    [InlineData("Uninitialize", OpenH264Native.SlotUninitialize)]
    [InlineData("EncodeFrame", OpenH264Native.SlotEncodeFrame)]
    [InlineData("ForceIntraFrame", OpenH264Native.SlotForceIntraFrame)]
    [InlineData("SetOption", OpenH264Native.SlotSetOption)]
    public void VtableSlots_MatchHeader(string method, int slot) => Assert.Equal(slot, Header.Value["slot_" + method]);

    [Theory]
    [InlineData(nameof(OpenH264Native.CAMERA_VIDEO_REAL_TIME))]
    [InlineData(nameof(OpenH264Native.SCREEN_CONTENT_REAL_TIME))]
    [InlineData(nameof(OpenH264Native.RC_BITRATE_MODE))]
    [InlineData(nameof(OpenH264Native.videoFormatI420))]
    [InlineData(nameof(OpenH264Native.videoFrameTypeIDR))]
    [InlineData(nameof(OpenH264Native.videoFrameTypeI))]
    [InlineData(nameof(OpenH264Native.videoFrameTypeP))]
    [InlineData(nameof(OpenH264Native.videoFrameTypeSkip))]
    [InlineData(nameof(OpenH264Native.ENCODER_OPTION_DATAFORMAT))]
    [InlineData(nameof(OpenH264Native.ENCODER_OPTION_IDR_INTERVAL))]
    [InlineData(nameof(OpenH264Native.ENCODER_OPTION_RC_FRAME_SKIP))]
    [InlineData(nameof(OpenH264Native.ENCODER_OPTION_TRACE_LEVEL))]
    [InlineData(nameof(OpenH264Native.WELS_LOG_ERROR))]
    [InlineData(nameof(OpenH264Native.MAX_LAYER_NUM_OF_FRAME))]
    [InlineData(nameof(OpenH264Native.cmResultSuccess))]
    public void Constants_MatchHeader(string name) =>
        Assert.Equal(Header.Value[name], (int)typeof(OpenH264Native).GetField(name)!.GetRawConstantValue()!);

    private const string CProgram = """
        #include <stdio.h>
        #include <stddef.h>
        #include <stdbool.h>
        #include <wels/codec_api.h>
        #define S(t) printf("sizeof_%s=%zu\n", #t, sizeof(t));
        #define O(t,f) printf("offsetof_%s_%s=%zu\n", #t, #f, offsetof(t, f));
        #define V(n) printf("%s=%ld\n", #n, (long)(n));
        #define SLOT(m) printf("slot_%s=%zu\n", #m, offsetof(ISVCEncoderVtbl, m) / sizeof(void*));
        int main(void) {
            S(SEncParamBase) S(SSourcePicture) S(SLayerBSInfo) S(SFrameBSInfo)
            O(SEncParamBase, iTargetBitrate) O(SEncParamBase, fMaxFrameRate)
            O(SSourcePicture, iStride) O(SSourcePicture, pData) O(SSourcePicture, iPicWidth) O(SSourcePicture, uiTimeStamp)
            O(SLayerBSInfo, eFrameType) O(SLayerBSInfo, iNalCount) O(SLayerBSInfo, pNalLengthInByte) O(SLayerBSInfo, pBsBuf)
            O(SFrameBSInfo, sLayerInfo) O(SFrameBSInfo, eFrameType) O(SFrameBSInfo, iFrameSizeInBytes) O(SFrameBSInfo, uiTimeStamp)
            SLOT(Initialize) SLOT(Uninitialize) SLOT(EncodeFrame) SLOT(ForceIntraFrame) SLOT(SetOption)
            V(CAMERA_VIDEO_REAL_TIME) V(SCREEN_CONTENT_REAL_TIME) V(RC_BITRATE_MODE) V(videoFormatI420)
            V(videoFrameTypeIDR) V(videoFrameTypeI) V(videoFrameTypeP) V(videoFrameTypeSkip)
            V(ENCODER_OPTION_DATAFORMAT) V(ENCODER_OPTION_IDR_INTERVAL) V(ENCODER_OPTION_RC_FRAME_SKIP) V(ENCODER_OPTION_TRACE_LEVEL)
            V(WELS_LOG_ERROR) V(MAX_LAYER_NUM_OF_FRAME) V(cmResultSuccess)
            return 0;
        }
        """;
}
