using System.Runtime.InteropServices;

#pragma warning disable SA1307, SA1401, CA1051, SA1649 // interop structs mirror the library ABI field by field

namespace KvmPortal.Hardware.Video.Interop;

/// <summary>
/// openh264 (Debian libopenh264-7, BSD-2) encoder API from wels/codec_api.h: the two C entry points and the ISVCEncoder
/// vtable slots. Layouts and values are checked against the installed headers by a gcc test.
/// </summary>
internal static unsafe partial class OpenH264Native
{
    public const string Library = "libopenh264.so.7";

    // ISVCEncoder vtable slots (C++ virtual order; the object's first word points at the table, "this" is the first argument).
    public const int SlotInitialize = 0;
    public const int SlotUninitialize = 3;
    public const int SlotEncodeFrame = 4;
    public const int SlotForceIntraFrame = 6;
    public const int SlotSetOption = 7;

    public const int CAMERA_VIDEO_REAL_TIME = 0;
    public const int SCREEN_CONTENT_REAL_TIME = 1;
    public const int RC_BITRATE_MODE = 1;
    public const int videoFormatI420 = 23;
    public const int videoFrameTypeIDR = 1;
    public const int videoFrameTypeI = 2;
    public const int videoFrameTypeP = 3;
    public const int videoFrameTypeSkip = 4;
    public const int ENCODER_OPTION_DATAFORMAT = 0;
    public const int ENCODER_OPTION_IDR_INTERVAL = 1;
    public const int ENCODER_OPTION_BITRATE = 5;
    public const int SPATIAL_LAYER_ALL = 4;
    public const int ENCODER_OPTION_RC_FRAME_SKIP = 9;
    public const int ENCODER_OPTION_TRACE_LEVEL = 25;
    public const int WELS_LOG_ERROR = 1;
    public const int MAX_LAYER_NUM_OF_FRAME = 128;
    public const int cmResultSuccess = 0;

    [LibraryImport(Library, EntryPoint = "WelsCreateSVCEncoder")]
    public static partial int WelsCreateSVCEncoder(nint* encoder);

    [LibraryImport(Library, EntryPoint = "WelsDestroySVCEncoder")]
    public static partial void WelsDestroySVCEncoder(nint encoder);

    public static int Initialize(nint encoder, SEncParamBase* param) =>
        ((delegate* unmanaged<nint, SEncParamBase*, int>)Slot(encoder, SlotInitialize))(encoder, param);

    public static int Uninitialize(nint encoder) => ((delegate* unmanaged<nint, int>)Slot(encoder, SlotUninitialize))(encoder);

    public static int EncodeFrame(nint encoder, SSourcePicture* picture, SFrameBSInfo* info) =>
        ((delegate* unmanaged<nint, SSourcePicture*, SFrameBSInfo*, int>)Slot(encoder, SlotEncodeFrame))(encoder, picture, info);

    public static int ForceIntraFrame(nint encoder, bool idr) =>
        ((delegate* unmanaged<nint, byte, int, int>)Slot(encoder, SlotForceIntraFrame))(encoder, idr ? (byte)1 : (byte)0, -1);

    public static int SetOption(nint encoder, int option, void* value) =>
        ((delegate* unmanaged<nint, int, void*, int>)Slot(encoder, SlotSetOption))(encoder, option, value);

    private static nint Slot(nint encoder, int slot) => (*(nint**)encoder)[slot];
}

/// <summary>SEncParamBase.</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct SEncParamBase
{
    [FieldOffset(0)] public int iUsageType;
    [FieldOffset(4)] public int iPicWidth;
    [FieldOffset(8)] public int iPicHeight;
    [FieldOffset(12)] public int iTargetBitrate;
    [FieldOffset(16)] public int iRCMode;
    [FieldOffset(20)] public float fMaxFrameRate;
}

/// <summary>SSourcePicture (I420: three planes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 72)]
internal unsafe struct SSourcePicture
{
    [FieldOffset(0)] public int iColorFormat;
    [FieldOffset(4)] public fixed int iStride[4];
    [FieldOffset(24)] public fixed ulong pData[4];
    [FieldOffset(56)] public int iPicWidth;
    [FieldOffset(60)] public int iPicHeight;
    [FieldOffset(64)] public long uiTimeStamp;
}

/// <summary>SLayerBSInfo: one layer's NAL units (with start codes) back to back at pBsBuf.</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
internal unsafe struct SLayerBSInfo
{
    [FieldOffset(4)] public int eFrameType;
    [FieldOffset(16)] public int iNalCount;
    [FieldOffset(24)] public int* pNalLengthInByte;
    [FieldOffset(32)] public byte* pBsBuf;
}

/// <summary>SFrameBSInfo: up to MAX_LAYER_NUM_OF_FRAME layers, the frame type and size.</summary>
[StructLayout(LayoutKind.Explicit, Size = 5144)]
internal struct SFrameBSInfo
{
    [FieldOffset(0)] public int iLayerNum;
    [FieldOffset(8)] public SLayerBSInfo FirstLayer; // sLayerInfo[0]; the others follow every 40 bytes
    [FieldOffset(5128)] public int eFrameType;
    [FieldOffset(5132)] public int iFrameSizeInBytes;
    [FieldOffset(5136)] public long uiTimeStamp;
}
