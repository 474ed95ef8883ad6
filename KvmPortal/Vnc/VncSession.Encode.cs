using System.Buffers.Binary;
using System.Drawing;
using KvmPortal.Hardware.Video;

namespace KvmPortal.Vnc;

/// <summary>Builds one FramebufferUpdate message: pseudo-rectangles first, then the changed areas in Tight/JPEG or Raw.</summary>
internal sealed partial class VncSession
{
    private const int MaxTightWidth = 2048;

    /// <summary>Counts bytes of framebuffer data sent (for the benchmark and tests).</summary>
    public long BytesSent { get; private set; }

    /// <summary>Returns the update for <paramref name="frame"/>, or null when this client has nothing new to get.</summary>
    private byte[]? BuildUpdate(VncFrame frame)
    {
        bool full, ack, announce, refuse, extended, desktopSize, lastRect, jpeg;
        int level;
        VncPixelFormat format;
        lock (_state)
        {
            full = _wantsFull || _sent is null || _sent.Width != frame.Width || _sent.Height != frame.Height;
            ack = _ackQemuKeys;
            announce = _announceScreen;
            refuse = _refuseResize;
            extended = _extendedDesktopSize;
            desktopSize = _desktopSize;
            lastRect = _lastRect;
            format = _format;
            level = _jpegLevel;
            jpeg = _tight && level >= 0 && format.BitsPerPixel >= 16;
        }

        var resized = frame.Width != ClientSize.Width || frame.Height != ClientSize.Height;
        var changed = full ? [new Rectangle(0, 0, frame.Width, frame.Height)] : VncTiles.Changed(_sent!.Rgb, frame.Rgb, frame.Width, frame.Height, _host.Options.TileSize);
        if (changed.Count == 0 && !ack && !announce && !refuse && !resized)
        {
            return null;
        }

        using var body = new MemoryStream();
        var count = 0;
        if (resized)
        {
            if (!extended && !desktopSize)
            {
                throw new VncProtocolException("the picture changed size and the client cannot follow a resolution change");
            }

            lock (_state)
            {
                _width = frame.Width;
                _height = frame.Height;
            }

            count += extended ? ScreenRect(body, frame, reason: 0, status: 0) : Rect(body, 0, 0, frame.Width, frame.Height, RfbCodes.PseudoDesktopSize);
        }
        else if (announce)
        {
            count += ScreenRect(body, frame, reason: 0, status: 0);
        }

        if (refuse)
        {
            count += ScreenRect(body, frame, reason: 1, status: 1); // a client's SetDesktopSize: prohibited (the target sets its resolution)
        }

        if (ack)
        {
            count += Rect(body, 0, 0, 0, 0, RfbCodes.PseudoQemuExtendedKey);
        }

        var quality = Math.Clamp(15 + (Math.Max(level, 0) * 9), 15, 95);
        foreach (var area in changed)
        {
            for (var x = area.X; x < area.Right; x += MaxTightWidth)
            {
                var piece = new Rectangle(x, area.Y, Math.Min(MaxTightWidth, area.Right - x), area.Height);
                count += jpeg ? TightJpeg(body, frame, piece, quality) : RawRect(body, frame, piece, format);
            }
        }

        // The count is known up front; LastRect (0xFFFF rectangles, then a LastRect marker) is used only past the 16-bit limit.
        lastRect &= count > 0xFFFE;
        if (lastRect)
        {
            Rect(body, 0, 0, 0, 0, RfbCodes.PseudoLastRect);
        }

        lock (_state)
        {
            _sent = frame;
            _wantsFull &= !full;
            _ackQemuKeys &= !ack;
            _announceScreen &= !announce;
            _refuseResize &= !refuse;
        }

        var message = new byte[4 + body.Length];
        message[0] = RfbCodes.ServerFramebufferUpdate;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), lastRect ? (ushort)0xFFFF : (ushort)count);
        body.GetBuffer().AsSpan(0, (int)body.Length).CopyTo(message.AsSpan(4));
        BytesSent += message.Length;
        return message;
    }

    private static int Rect(MemoryStream body, int x, int y, int width, int height, int encoding)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)x);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)y);
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], (ushort)width);
        BinaryPrimitives.WriteUInt16BigEndian(header[6..], (ushort)height);
        BinaryPrimitives.WriteInt32BigEndian(header[8..], encoding);
        body.Write(header);
        return 1;
    }

    /// <summary>ExtendedDesktopSize: x = reason (0 server, 1 this client), y = status (0 ok, 1 prohibited), one screen covering all.</summary>
    private static int ScreenRect(MemoryStream body, VncFrame frame, int reason, int status)
    {
        Rect(body, reason, status, frame.Width, frame.Height, RfbCodes.PseudoExtendedDesktopSize);
        Span<byte> screens = stackalloc byte[20];
        screens.Clear();
        screens[0] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(screens[12..], (ushort)frame.Width);
        BinaryPrimitives.WriteUInt16BigEndian(screens[14..], (ushort)frame.Height);
        body.Write(screens);
        return 1;
    }

    private int TightJpeg(MemoryStream body, VncFrame frame, Rectangle r, int quality)
    {
        var offset = (r.Y * frame.Stride) + (r.X * 3);
        var data = _jpeg!.Encode(frame.Rgb.AsSpan(offset), VideoPixelFormat.Rgb24, r.Width, r.Height, frame.Stride, quality);
        Rect(body, r.X, r.Y, r.Width, r.Height, RfbCodes.EncodingTight);
        body.WriteByte(RfbCodes.TightJpeg);
        var length = data.Length;
        body.WriteByte((byte)((length & 0x7F) | (length > 0x7F ? 0x80 : 0)));
        if (length > 0x7F)
        {
            body.WriteByte((byte)(((length >> 7) & 0x7F) | (length > 0x3FFF ? 0x80 : 0)));
            if (length > 0x3FFF)
            {
                body.WriteByte((byte)(length >> 14));
            }
        }

        body.Write(data);
        return 1;
    }

    private static int RawRect(MemoryStream body, VncFrame frame, Rectangle r, VncPixelFormat format)
    {
        Rect(body, r.X, r.Y, r.Width, r.Height, RfbCodes.EncodingRaw);
        var row = new byte[r.Width * format.BytesPerPixel];
        for (var y = r.Y; y < r.Bottom; y++)
        {
            format.ConvertRow(frame.Rgb.AsSpan((y * frame.Stride) + (r.X * 3), r.Width * 3), row);
            body.Write(row);
        }

        return 1;
    }
}
