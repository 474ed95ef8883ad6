using System.Buffers.Binary;
using System.Text;
using KvmPortal.Audit;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hid;

namespace KvmPortal.Vnc;

/// <summary>Client-to-server messages: pixel format, encodings, update requests, keys, pointer, cut text, desktop size, QEMU keys.</summary>
internal sealed partial class VncSession
{
    private const int MaxEncodings = 1024;
    private const int MaxCutText = 1024 * 1024;
    private readonly Lock _paste = new();
    private byte _buttons;
    private int _pointerX = -1;
    private int _pointerY = -1;
    private Task _pasting = Task.CompletedTask;

    private async Task MessageLoopAsync(CancellationToken ct)
    {
        var buffer = new byte[20];
        while (!ct.IsCancellationRequested)
        {
            var type = await _reader.U8Async(ct);
            switch (type)
            {
                case RfbCodes.ClientSetPixelFormat:
                    await _reader.ReadExactAsync(buffer.AsMemory(0, 19), ct);
                    var format = VncPixelFormat.Parse(buffer.AsSpan(3, 16));
                    if (format.Problem() is { } problem)
                    {
                        throw new VncProtocolException("unsupported pixel format: " + problem);
                    }

                    SetPixelFormat(format);
                    break;
                case RfbCodes.ClientSetEncodings:
                    await _reader.ReadExactAsync(buffer.AsMemory(0, 3), ct);
                    var count = BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(1));
                    if (count > MaxEncodings)
                    {
                        throw new VncProtocolException($"{count} encodings is too many");
                    }

                    var raw = new byte[count * 4];
                    await _reader.ReadExactAsync(raw, ct);
                    SetEncodings([.. Enumerable.Range(0, count).Select(i => BinaryPrimitives.ReadInt32BigEndian(raw.AsSpan(i * 4)))]);
                    break;
                case RfbCodes.ClientUpdateRequest:
                    await _reader.ReadExactAsync(buffer.AsMemory(0, 9), ct);
                    RequestUpdate(incremental: buffer[0] != 0);
                    break;
                case RfbCodes.ClientKeyEvent:
                    await _reader.ReadExactAsync(buffer.AsMemory(0, 7), ct);
                    _keyboard?.Key(BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(3)), buffer[0] != 0);
                    break;
                case RfbCodes.ClientPointerEvent:
                    await _reader.ReadExactAsync(buffer.AsMemory(0, 5), ct);
                    Pointer(buffer[0], BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(1)), BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(3)));
                    break;
                case RfbCodes.ClientCutText:
                    await _reader.ReadExactAsync(buffer.AsMemory(0, 7), ct);
                    await CutTextAsync(BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(3)), ct);
                    break;
                case RfbCodes.ClientSetDesktopSize:
                    await _reader.ReadExactAsync(buffer.AsMemory(0, 7), ct);
                    await _reader.SkipAsync(buffer[5] * 16L, ct);
                    RefuseDesktopSize();
                    break;
                case RfbCodes.ClientQemu:
                    var subtype = await _reader.U8Async(ct);
                    if (subtype != 0)
                    {
                        throw new VncProtocolException($"QEMU client message {subtype} is not supported");
                    }

                    await _reader.ReadExactAsync(buffer.AsMemory(0, 10), ct);
                    var down = BinaryPrimitives.ReadUInt16BigEndian(buffer) != 0;
                    _keyboard?.Scancode(BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(6)), BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(2)), down);
                    break;
                default:
                    throw new VncProtocolException($"unknown client message type {type}");
            }
        }
    }

    /// <summary>Buttons 1-3 press and release; 4/5 (up/down) and 6/7 (left/right) are wheel clicks; moves go to the absolute mouse.</summary>
    private void Pointer(byte mask, int x, int y)
    {
        if (_input is null)
        {
            return;
        }

        var (width, height) = ClientSize;
        if (x != _pointerX || y != _pointerY)
        {
            _pointerX = x;
            _pointerY = y;
            _input.SendAbsoluteMove(Scale(x, width), Scale(y, height));
        }

        var changed = (byte)(mask ^ _buttons);
        var pressed = (byte)(changed & mask);
        _buttons = mask;
        Button(changed, mask, 0x01, MouseButtons.Left);
        Button(changed, mask, 0x02, MouseButtons.Middle);
        Button(changed, mask, 0x04, MouseButtons.Right);
        if ((pressed & 0x08) != 0)
        {
            _input.SendWheel(1, 0);
        }

        if ((pressed & 0x10) != 0)
        {
            _input.SendWheel(-1, 0);
        }

        if ((pressed & 0x20) != 0)
        {
            _input.SendWheel(0, -1);
        }

        if ((pressed & 0x40) != 0)
        {
            _input.SendWheel(0, 1);
        }

        static int Scale(int value, int size) => size <= 1 ? 0 : (int)Math.Clamp(value * 32767L / (size - 1), 0, 32767);
    }

    private void Button(byte changed, byte mask, byte bit, MouseButtons button)
    {
        if ((changed & bit) != 0)
        {
            _input!.SendMouseButton(button, (mask & bit) != 0);
        }
    }

    /// <summary>ClientCutText is typed into the target as a paste (Latin-1 text, cut at <see cref="VncOptions.MaxPasteLength"/>), audited with its length only.</summary>
    private async Task CutTextAsync(int length, CancellationToken ct)
    {
        if (length < 0)
        {
            // Extended Clipboard messages (negative length) are not offered; skip what a client sends anyway.
            await _reader.SkipAsync(Math.Min(-(long)length, MaxCutText), ct);
            return;
        }

        if (length > MaxCutText)
        {
            throw new VncProtocolException($"cut text of {length} bytes is too long");
        }

        var text = await _reader.TextAsync(length, Encoding.Latin1, ct);
        var limit = _host.Options.MaxPasteLength;
        if (_input is null || text.Length == 0 || limit == 0)
        {
            return;
        }

        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var received = text.Length;
        text = text.Length > limit ? text[..limit] : text;
        var keymap = _host.Keymap;
        var untypeable = HidTyper.FindUntypeable(text, keymap);
        if (untypeable.Count > 0)
        {
            text = new string([.. text.Where(c => !untypeable.Contains(c.ToString()))]);
        }

        // Audited like the console's paste: how much, never what.
        var details = received > limit
            ? $"VNC clipboard: typed the first {limit} of {received} characters (KvmPortal:Vnc:MaxPasteLength)"
            : $"VNC clipboard: {received} characters";
        _host.Audit.Write(AuditActions.Paste, _userName, _remote, "vnc", AuditOutcome.Success,
            untypeable.Count > 0 ? $"{details}, {untypeable.Count} kinds of character the {keymap} keymap cannot type left out" : details);

        lock (_paste)
        {
            // One paste at a time per session; a newer clipboard waits for the previous one.
            var previous = _pasting;
            _pasting = Task.Run(
                async () =>
                {
                    await previous;
                    try
                    {
                        await _host.Gate.TypeAsync(_input, text, keymap, null, ct);
                    }
                    catch (Exception ex) when (ex is InputRefusedException or OperationCanceledException or UntypeableTextException or ObjectDisposedException)
                    {
                        // Refused (view-only, held elsewhere) or the session ended: nothing was typed past that point.
                    }
                },
                CancellationToken.None);
        }
    }
}
