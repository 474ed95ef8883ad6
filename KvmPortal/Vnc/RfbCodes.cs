namespace KvmPortal.Vnc;

/// <summary>RFB 3.8 numbers used by the server (security types, VeNCrypt subtypes, message types, encodings), from rfbproto.</summary>
internal static class RfbCodes
{
    public const byte SecurityInvalid = 0;
    public const byte SecurityVncAuth = 2;
    public const byte SecurityVeNCrypt = 19;

    public const uint VeNCryptPlain = 256;
    public const uint VeNCryptX509Vnc = 261;
    public const uint VeNCryptX509Plain = 262;

    public const byte ClientSetPixelFormat = 0;
    public const byte ClientSetEncodings = 2;
    public const byte ClientUpdateRequest = 3;
    public const byte ClientKeyEvent = 4;
    public const byte ClientPointerEvent = 5;
    public const byte ClientCutText = 6;
    public const byte ClientSetDesktopSize = 251;
    public const byte ClientQemu = 255;

    public const byte ServerFramebufferUpdate = 0;

    public const int EncodingRaw = 0;
    public const int EncodingCopyRect = 1;
    public const int EncodingTight = 7;
    public const int PseudoJpegQualityLowest = -32;
    public const int PseudoJpegQualityHighest = -23;
    public const int PseudoDesktopSize = -223;
    public const int PseudoLastRect = -224;
    public const int PseudoCursor = -239;
    public const int PseudoQemuExtendedKey = -258;
    public const int PseudoExtendedDesktopSize = -308;

    /// <summary>The Tight compression-control byte announcing a JPEG rectangle.</summary>
    public const byte TightJpeg = 0x90;
}
