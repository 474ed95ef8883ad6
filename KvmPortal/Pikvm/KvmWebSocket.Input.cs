using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hid;

namespace KvmPortal.Pikvm;

/// <content>Client events: JSON (<c>ping</c>, <c>key</c>, <c>mouse_*</c>) and PiKVM's binary opcodes 0–5. Malformed events are ignored.</content>
public sealed partial class KvmWebSocket
{
    private static readonly byte[] Pong = [255];

    private async Task OnBinaryAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (message.Length == 0)
        {
            return;
        }

        var op = message.Span[0];
        if (op == 0)
        {
            await SendRawAsync(Pong, WebSocketMessageType.Binary, cancellationToken);
            return;
        }

        if (op > 5)
        {
            return;
        }

        await RefreshControlAsync(cancellationToken);

        var data = message[1..].ToArray();
        switch (op)
        {
            case 1 when data.Length >= 2 && (data[0] & 0x80) == 0:
                if (AsciiName(data.AsSpan(1), 32) is { } key)
                {
                    HidApi.SendKeyEvent(_input, key, (data[0] & 0x01) != 0, (data[0] & 0x02) != 0);
                }

                break;
            case 1 when data.Length == 3: // kvmd's raw form (flag bit 7): a u16 BE evdev key code
                if (Pikvm.EvdevCodes.KeyName(BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(1))) is { } rawKey)
                {
                    HidApi.SendKeyEvent(_input, rawKey, (data[0] & 0x01) != 0, (data[0] & 0x02) != 0);
                }

                break;
            case 2 when data.Length > 0 && (data[0] & 0x80) != 0:
                if (data.Length == 3 && HidApi.TryButton(Pikvm.EvdevCodes.ButtonName(BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(1))), out var rawButton))
                {
                    _input.SendMouseButton(rawButton, (data[0] & 0x01) != 0);
                }

                break;
            case 2 when data.Length >= 2:
                if (HidApi.TryButton(AsciiName(data.AsSpan(1), 16), out var button))
                {
                    _input.SendMouseButton(button, (data[0] & 0x01) != 0);
                }

                break;
            case 3 when data.Length == 4:
                _input.SendAbsoluteMove(
                    HidApi.ToAbsolute(BinaryPrimitives.ReadInt16BigEndian(data)),
                    HidApi.ToAbsolute(BinaryPrimitives.ReadInt16BigEndian(data.AsSpan(2))));
                break;
            case 4 or 5 when data.Length >= 3 && (data.Length - 1) % 2 == 0:
                for (var i = 1; i + 1 < data.Length; i += 2)
                {
                    int dx = (sbyte)data[i], dy = (sbyte)data[i + 1];
                    if (op == 4)
                    {
                        _input.SendRelativeMove(dx, dy);
                    }
                    else
                    {
                        _input.SendWheel(dy, dx);
                    }
                }

                break;
        }
    }

    private async Task OnJsonAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        string? type;
        JsonElement payload;
        try
        {
            using var document = JsonDocument.Parse(message);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("event_type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                return;
            }

            type = typeElement.GetString();
            payload = root.TryGetProperty("event", out var e) ? e.Clone() : default;
        }
        catch (JsonException)
        {
            return;
        }

        if (type == "ping")
        {
            await SendAsync("pong", new System.Text.Json.Nodes.JsonObject(), cancellationToken);
            return;
        }

        if (type is not ("key" or "mouse_button" or "mouse_move" or "mouse_relative" or "mouse_wheel") ||
            payload.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        await RefreshControlAsync(cancellationToken);

        try
        {
            ApplyJsonInput(type, payload);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or KeyNotFoundException)
        {
            // Wrong value types: ignored, as malformed events are.
        }
    }

    private void ApplyJsonInput(string type, JsonElement e)
    {
        switch (type)
        {
            case "key":
                var key = e.GetProperty("key").GetString();
                if (key is { Length: > 0 and <= 64 })
                {
                    HidApi.SendKeyEvent(_input, key, e.GetProperty("state").GetBoolean(), e.TryGetProperty("finish", out var f) && f.ValueKind == JsonValueKind.True);
                }

                break;
            case "mouse_button":
                if (HidApi.TryButton(e.GetProperty("button").GetString(), out var button))
                {
                    _input.SendMouseButton(button, e.GetProperty("state").GetBoolean());
                }

                break;
            case "mouse_move":
                var to = e.GetProperty("to");
                _input.SendAbsoluteMove(HidApi.ToAbsolute(Clamp(to.GetProperty("x").GetInt32(), -32768, 32767)), HidApi.ToAbsolute(Clamp(to.GetProperty("y").GetInt32(), -32768, 32767)));
                break;
            default:
                foreach (var (dx, dy) in Deltas(e.GetProperty("delta")))
                {
                    if (type == "mouse_relative")
                    {
                        _input.SendRelativeMove(dx, dy);
                    }
                    else
                    {
                        _input.SendWheel(dy, dx);
                    }
                }

                break;
        }
    }

    private static IEnumerable<(int X, int Y)> Deltas(JsonElement delta)
    {
        if (delta.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in delta.EnumerateArray().Take(64))
            {
                yield return (Clamp(item.GetProperty("x").GetInt32(), -127, 127), Clamp(item.GetProperty("y").GetInt32(), -127, 127));
            }
        }
        else
        {
            yield return (Clamp(delta.GetProperty("x").GetInt32(), -127, 127), Clamp(delta.GetProperty("y").GetInt32(), -127, 127));
        }
    }

    private static int Clamp(int value, int min, int max) => Math.Clamp(value, min, max);

    private static string? AsciiName(ReadOnlySpan<byte> bytes, int max)
    {
        if (bytes.Length == 0 || bytes.Length > max)
        {
            return null;
        }

        foreach (var b in bytes)
        {
            if (b is < 0x21 or > 0x7E)
            {
                return null;
            }
        }

        return Encoding.ASCII.GetString(bytes);
    }
}
