using System.Globalization;

namespace KvmPortal.Audit;

/// <summary>
/// Audits one terminal's input in bursts: input that follows within <see cref="Quiet"/> of the last joins the burst; the burst is written
/// as one <c>serial.input</c> row (bytes and messages, never the content) once the terminal has been quiet that long, or when it closes.
/// </summary>
public sealed class SerialInputAudit : IDisposable
{
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(5);

    private readonly IAuditLog _log;
    private readonly string _user;
    private readonly string? _address;
    private readonly string _port;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private long _bytes;
    private int _messages;
    private long _totalBytes;
    private int _bursts;

    public SerialInputAudit(IAuditLog log, string user, string? address, string port, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _log = log;
        _user = user;
        _address = address;
        _port = port;
        _timer = time.CreateTimer(_ => Flush(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Gets the bytes sent over the whole session.</summary>
    public long TotalBytes
    {
        get
        {
            lock (_lock)
            {
                return _totalBytes + _bytes;
            }
        }
    }

    /// <summary>Gets the bursts written so far.</summary>
    public int Bursts
    {
        get
        {
            lock (_lock)
            {
                return _bursts;
            }
        }
    }

    /// <summary>Counts one input message that was written to the port.</summary>
    public void Add(int bytes)
    {
        lock (_lock)
        {
            _bytes += bytes;
            _messages++;
            _timer.Change(Quiet, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Writes the running burst now (if any).</summary>
    public void Flush()
    {
        long bytes;
        int messages;
        lock (_lock)
        {
            if (_messages == 0)
            {
                return;
            }

            bytes = _bytes;
            messages = _messages;
            _totalBytes += bytes;
            _bursts++;
            _bytes = 0;
            _messages = 0;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        _log.Write(AuditActions.SerialInput, _user, _address, _port,
            details: string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes in {messages} messages"));
    }

    public void Dispose()
    {
        Flush();
        _timer.Dispose();
    }
}
