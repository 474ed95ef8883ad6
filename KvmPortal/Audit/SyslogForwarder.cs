using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace KvmPortal.Audit;

/// <summary>
/// Forwards audit rows to a syslog server as RFC 5424 messages over UDP (one per datagram) or TCP (octet counting, RFC 6587).
/// Off while the host is empty. A lost connection is retried with the next batch; failures are logged, never thrown.
/// </summary>
public sealed partial class SyslogForwarder(IOptionsMonitor<AuditOptions> options, ILogger<SyslogForwarder> logger) : IDisposable
{
    private readonly string _hostName = SyslogFormatter.HostName();
    private TcpClient? _tcp;
    private UdpClient? _udp;
    private string _endpoint = "";

    public async Task ForwardAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var config = options.CurrentValue.Syslog;
        if (string.IsNullOrWhiteSpace(config.Host) || entries.Count == 0)
        {
            return;
        }

        try
        {
            var endpoint = $"{config.Protocol}:{config.Host}:{config.Port}";
            if (endpoint != _endpoint)
            {
                Close();
                _endpoint = endpoint;
            }

            foreach (var entry in entries)
            {
                var message = Encoding.UTF8.GetBytes(SyslogFormatter.Format(entry, _hostName, config.AppName));
                if (config.Protocol == SyslogProtocol.Udp)
                {
                    _udp ??= new UdpClient(config.Host, config.Port);
                    await _udp.SendAsync(message, cancellationToken);
                }
                else
                {
                    if (_tcp is null)
                    {
                        _tcp = new TcpClient();
                        await _tcp.ConnectAsync(config.Host, config.Port, cancellationToken);
                    }

                    var frame = Encoding.ASCII.GetBytes($"{message.Length} ");
                    var stream = _tcp.GetStream();
                    await stream.WriteAsync(frame, cancellationToken);
                    await stream.WriteAsync(message, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            LogForwardFailed(logger, ex, entries.Count);
            Close();
        }
    }

    public void Dispose() => Close();

    private void Close()
    {
        _tcp?.Dispose();
        _tcp = null;
        _udp?.Dispose();
        _udp = null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not forward {Count} audit rows to syslog")]
    private static partial void LogForwardFailed(ILogger logger, Exception exception, int count);
}
