using KvmPortal.Audit;
using KvmPortal.Hardware.Serial;

namespace KvmPortal.Ipmi;

/// <content>Console to port: accepted characters are queued and written paced by <see cref="SerialInputPacer"/>; a break is sent and audited.</content>
public sealed partial class IpmiSolLink
{
    private async Task WriteTypedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var bytes in _typed.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    var (written, refused) = await SerialInputPacer.WriteAsync(Port, bytes, _serialOptions(), () => RefusalReason, _time, cancellationToken);
                    if (written > 0)
                    {
                        _inputAudit.Add(written);
                    }

                    if (refused is not null)
                    {
                        lock (_lock)
                        {
                            ReportRefusal(refused);
                        }
                    }
                }
                catch (SerialUnavailableException ex)
                {
                    LogInputLost(_logger, Port.Name, ex.Message); // as on a real line: characters typed while the port is gone are lost
                }
                finally
                {
                    Interlocked.Add(ref _typedPending, -bytes.Length);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    /// <summary>Queues what fits under <see cref="SerialOptions.MaxPendingInputBytes"/>; returns the accepted count (the console resends the rest).</summary>
    private byte Queue(byte[] data)
    {
        var room = _serialOptions().MaxPendingInputBytes - Interlocked.Read(ref _typedPending);
        var take = (int)Math.Clamp(room, 0, Math.Min(data.Length, byte.MaxValue));
        if (take > 0)
        {
            Interlocked.Add(ref _typedPending, take);
            _typed.Writer.TryWrite(data[..take]);
        }

        return (byte)take;
    }

    private async Task BreakAsync()
    {
        bool sent;
        try
        {
            sent = await Port.SendBreakAsync(_stop.Token);
        }
        catch (SerialUnavailableException)
        {
            sent = false;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            return;
        }

        _audit.Write(AuditActions.SerialBreak, Session.UserName, _address, Port.Name, sent ? AuditOutcome.Success : AuditOutcome.Failure,
            sent ? "IPMI Serial-over-LAN" : "IPMI Serial-over-LAN: this port cannot send a break now");
    }
}
