using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Hardware.Serial;

namespace KvmPortal.Serial;

/// <content>Browser to port: receives the terminal's JSON messages, checks the input rules, queues and paces typed input, sends breaks.</content>
public sealed partial class SerialTerminalSocket
{
    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxMessageBytes];
        while (_socket.State == WebSocketState.Open)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == buffer.Length)
                {
                    await _socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, "message too big", cancellationToken);
                    return;
                }

                result = await _socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                length += result.Count;
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            if (result.MessageType == WebSocketMessageType.Text)
            {
                await HandleMessageAsync(buffer.AsMemory(0, length), cancellationToken);
            }
        }
    }

    private async Task HandleMessageAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        SerialClientMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(json.Span, SerialJsonContext.Default.SerialClientMessage);
        }
        catch (JsonException)
        {
            await SendErrorAsync("Not a terminal message.");
            return;
        }

        switch (message?.Type)
        {
            case "data" when !string.IsNullOrEmpty(message.Data):
                if (await RefusalAsync(cancellationToken) is { } refused)
                {
                    await SendErrorAsync(refused);
                    return;
                }

                var bytes = Encoding.UTF8.GetBytes(message.Data);
                if (Interlocked.Add(ref _pendingBytes, bytes.Length) > _options.CurrentValue.MaxPendingInputBytes)
                {
                    Interlocked.Add(ref _pendingBytes, -bytes.Length);
                    await SendErrorAsync($"Too much input waiting (more than {_options.CurrentValue.MaxPendingInputBytes} bytes): paste less at once.");
                    return;
                }

                _pending.Writer.TryWrite(bytes);
                return;
            case "break":
                await BreakAsync(cancellationToken);
                return;
            case "resize" or "data" or "ping":
                return;
            default:
                await SendErrorAsync("Unknown message type.");
                return;
        }
    }

    private async Task BreakAsync(CancellationToken cancellationToken)
    {
        if (await RefusalAsync(cancellationToken) is { } refused)
        {
            await SendErrorAsync(refused);
            return;
        }

        try
        {
            var sent = await _port.SendBreakAsync(cancellationToken);
            _audit.Write(AuditActions.SerialBreak, _user, _address, _port.Name, sent ? AuditOutcome.Success : AuditOutcome.Failure,
                sent ? null : "this port cannot send a break");
            if (!sent)
            {
                await SendErrorAsync("This port cannot send a break.");
            }
        }
        catch (SerialUnavailableException ex)
        {
            await SendErrorAsync(ex.Message);
        }
    }

    /// <summary>Writes queued input to the port, paced by <see cref="SerialInputPacer"/>; stops a paste when input is refused.</summary>
    private async Task WriteInputAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var bytes in _pending.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    var (written, refused) = await SerialInputPacer.WriteAsync(_port, bytes, _options.CurrentValue, () => _input.RefusalReason, _time, cancellationToken);
                    if (refused is not null)
                    {
                        await SendErrorAsync(refused + (written > 0 ? " The rest of the paste was not sent." : ""));
                    }

                    if (written > 0)
                    {
                        _inputAudit.Add(written);
                    }
                }
                catch (SerialUnavailableException ex)
                {
                    await SendErrorAsync(ex.Message);
                }
                finally
                {
                    Interlocked.Add(ref _pendingBytes, -bytes.Length);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // closing
        }
    }

    /// <summary>Why input is refused now (the Control permission re-read at most once a second), or null.</summary>
    private async Task<string?> RefusalAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (now - _checkedAt >= PermissionRefresh)
        {
            _checkedAt = now;
            var before = _input.MayControl;
            _input.MayControl = (await _permissions.GetAsync(_context.User, cancellationToken)).Contains(Permissions.Control);
            if (before != _input.MayControl)
            {
                await SendStateAsync();
            }
        }

        return _input.RefusalReason;
    }
}
