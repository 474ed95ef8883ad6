using KvmPortal.Hardware.Serial;

namespace KvmPortal.Ipmi;

/// <content>Port to console: gathers the port's output into SOL packets and resends each until acknowledged (or drops it as overrun).</content>
public sealed partial class IpmiSolLink
{
    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        var pending = new List<byte>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (pending.Count == 0)
                {
                    if (!await _subscription.Output.WaitToReadAsync(cancellationToken))
                    {
                        // This payload fell too far behind the port and was cut off: carry on from now, and say "overrun".
                        _subscription.Dispose();
                        _subscription = Port.Subscribe(0);
                        _overrun = true;
                        continue;
                    }

                    Drain(pending);
                    if (pending.Count < SendThreshold)
                    {
                        await Task.Delay(AccumulateInterval, _time, cancellationToken);
                        Drain(pending);
                    }
                }

                var count = Math.Min(pending.Count, MaxCharactersPerPacket);
                var accepted = await SendReliablyAsync(pending.GetRange(0, count).ToArray(), cancellationToken);
                if (accepted < 0)
                {
                    CharactersDropped += count;
                    _overrun = true;
                }

                pending.RemoveRange(0, accepted < 0 ? count : accepted);
                Drain(pending);
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
        finally
        {
            _subscription.Dispose();
        }
    }

    private void Drain(List<byte> pending)
    {
        while (pending.Count < MaxBufferedOutput && _subscription.Output.TryRead(out var chunk))
        {
            pending.AddRange(chunk.Span);
        }
    }

    /// <summary>Sends characters until acknowledged; returns how many the console accepted, or -1 when it never answered.</summary>
    private async Task<int> SendReliablyAsync(byte[] data, CancellationToken cancellationToken)
    {
        byte sequence;
        lock (_lock)
        {
            sequence = NextSequence();
        }

        while (_acks.Reader.TryRead(out _))
        {
            // acknowledgements of earlier packets that came late
        }

        for (var attempt = 0; attempt <= RetryCount; attempt++)
        {
            lock (_lock)
            {
                if (_stopped)
                {
                    return -1;
                }

                Send(new SolPacket(sequence, 0, 0, _overrun ? SolPacket.BmcOverrun : (byte)0, data));
            }

            using var timeout = new CancellationTokenSource(RetryInterval, _time);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                while (true)
                {
                    var ack = await _acks.Reader.ReadAsync(wait.Token);
                    if (ack.AckedSequence != sequence)
                    {
                        continue;
                    }

                    if ((ack.Status & SolPacket.ConsoleNack) != 0 || ack.AcceptedCount == 0)
                    {
                        await Task.Delay(RetryInterval, _time, cancellationToken); // the console cannot take characters now
                        break;
                    }

                    _overrun = false;
                    var accepted = Math.Min(ack.AcceptedCount, data.Length);
                    CharactersSent += accepted;
                    return accepted;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // no acknowledgement in time: resend the same packet
            }
        }

        return -1;
    }
}
