using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KvmPortal.Hardware.Qemu;

/// <summary>
/// A small asynchronous QMP client: one JSON object per line, capabilities negotiation, commands matched to answers by id,
/// asynchronous events. A lost connection fails the pending commands; the next command reconnects.
/// Endpoint forms: <c>/path/qmp.sock</c>, <c>unix:/path</c>, <c>tcp:host:port</c> or <c>host:port</c>.
/// </summary>
public sealed class QmpClient : IAsyncDisposable, IDisposable
{
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private QmpConnection? _connection;
    private long _nextId;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="QmpClient"/> class.</summary>
    public QmpClient(string endpoint, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);
        Endpoint = endpoint;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Raised on the reader task for every asynchronous event.</summary>
    public event EventHandler<QmpEvent>? EventReceived;

    /// <summary>Raised on the reader task when an established connection ends.</summary>
    public event EventHandler? Disconnected;

    /// <summary>Gets the endpoint.</summary>
    public string Endpoint { get; }

    /// <summary>Gets a value indicating whether a negotiated connection is open.</summary>
    public bool IsConnected => _connection is { Closed: false };

    /// <summary>Gets the QEMU version from the last greeting (for example "8.2.2"), or null.</summary>
    public string? QemuVersion { get; private set; }

    /// <summary>Connects and negotiates capabilities unless already connected.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsConnected)
        {
            return;
        }

        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsConnected)
            {
                return;
            }

            _connection?.Dispose();
            _connection = null;
            var socket = CreateSocket(Endpoint, out var address);
            try
            {
                await socket.ConnectAsync(address, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                throw new IOException($"QMP endpoint {Endpoint} is not reachable: {ex.Message}", ex);
            }

            var connection = new QmpConnection(socket);
            var greeting = await connection.Reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            var version = ParseGreeting(greeting);
            _connection = connection;
            connection.ReaderTask = Task.Run(() => ReadLoopAsync(connection), CancellationToken.None);
            try
            {
                await ExecuteOnAsync(connection, "qmp_capabilities", null, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                connection.Dispose();
                throw;
            }

            QemuVersion = version;
            QemuLog.Connected(_logger, Endpoint, version);
        }
        finally
        {
            _connectLock.Release();
        }
    }

    /// <summary>Runs a command (connecting first when needed) and returns its "return" value.</summary>
    /// <exception cref="QmpException">QEMU answered with an error.</exception>
    /// <exception cref="IOException">The endpoint is unreachable or the connection was lost.</exception>
    public async Task<JsonNode?> ExecuteAsync(string command, JsonObject? arguments = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var connection = _connection ?? throw new IOException($"QMP connection to {Endpoint} was lost");
        return await ExecuteOnAsync(connection, command, arguments, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the connection (the next command reconnects).</summary>
    public void Disconnect() => _connection?.Dispose();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var connection = _connection;
        connection?.Dispose();
        if (connection?.ReaderTask is { } reader)
        {
            await reader.ConfigureAwait(false);
        }

        _connectLock.Dispose();
        _writeLock.Dispose();
    }

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    internal static Socket CreateSocket(string endpoint, out EndPoint address)
    {
        if (endpoint.StartsWith("tcp:", StringComparison.Ordinal) || (!endpoint.Contains('/', StringComparison.Ordinal) && endpoint.Contains(':', StringComparison.Ordinal)
            && !endpoint.StartsWith("unix:", StringComparison.Ordinal)))
        {
            var hostPort = endpoint.StartsWith("tcp:", StringComparison.Ordinal) ? endpoint[4..] : endpoint;
            var colon = hostPort.LastIndexOf(':');
            address = new DnsEndPoint(hostPort[..colon], int.Parse(hostPort[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
            return new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        }

        var path = endpoint.StartsWith("unix:", StringComparison.Ordinal) ? endpoint[5..] : endpoint;
        address = new UnixDomainSocketEndPoint(path);
        return new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    }

    private static string ParseGreeting(string? line)
    {
        if (line is null)
        {
            throw new IOException("QMP endpoint closed the connection before its greeting");
        }

        var qmp = JsonNode.Parse(line)?["QMP"] ?? throw new IOException("QMP greeting expected, got: " + line);
        var version = qmp["version"]?["qemu"];
        return version is null ? "unknown" : $"{version["major"]}.{version["minor"]}.{version["micro"]}";
    }

    private async Task<JsonNode?> ExecuteOnAsync(QmpConnection connection, string command, JsonObject? arguments, CancellationToken cancellationToken)
    {
        var id = "kvm-" + Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var request = new JsonObject { ["execute"] = command, ["id"] = id };
        if (arguments is not null)
        {
            request["arguments"] = arguments.DeepClone();
        }

        var completion = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Pending[id] = completion;
        try
        {
            var bytes = Encoding.UTF8.GetBytes(request.ToJsonString() + "\n");
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (connection.Closed)
                {
                    throw new IOException($"QMP connection to {Endpoint} was lost");
                }

                await connection.Stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                throw new IOException($"QMP connection to {Endpoint} was lost", ex);
            }
            finally
            {
                _writeLock.Release();
            }

            return await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            connection.Pending.TryRemove(id, out _);
        }
    }

    private async Task ReadLoopAsync(QmpConnection connection)
    {
        try
        {
            while (await connection.Reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (line.Length > 0)
                {
                    Dispatch(connection, line);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            // The connection ended; handled below.
        }
        finally
        {
            connection.Dispose();
            foreach (var (id, pending) in connection.Pending)
            {
                if (connection.Pending.TryRemove(id, out _))
                {
                    pending.TrySetException(new IOException($"QMP connection to {Endpoint} was lost"));
                }
            }

            QemuLog.Disconnected(_logger, Endpoint);
            Disconnected?.Invoke(this, EventArgs.Empty);
        }
    }

    private void Dispatch(QmpConnection connection, string line)
    {
        JsonObject? message;
        try
        {
            message = JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException ex)
        {
            QemuLog.BadLine(_logger, Endpoint, ex);
            return;
        }

        if (message is null)
        {
            return;
        }

        if (message["event"] is JsonValue name)
        {
            var eventName = name.GetValue<string>();
            QemuLog.Event(_logger, eventName);
            EventReceived?.Invoke(this, new QmpEvent(eventName, message["data"] as JsonObject, ParseTimestamp(message["timestamp"])));
            return;
        }

        var id = message["id"]?.ToString();
        if (id is null || !connection.Pending.TryGetValue(id, out var completion))
        {
            return;
        }

        if (message["error"] is JsonObject error)
        {
            completion.TrySetException(new QmpException(error["class"]?.ToString() ?? "GenericError", error["desc"]?.ToString() ?? "QMP error"));
        }
        else
        {
            completion.TrySetResult(message["return"]?.DeepClone());
        }
    }

    private static DateTimeOffset? ParseTimestamp(JsonNode? timestamp) =>
        timestamp?["seconds"] is JsonValue seconds && timestamp["microseconds"] is JsonValue micros
            ? DateTimeOffset.FromUnixTimeMilliseconds((seconds.GetValue<long>() * 1000) + (micros.GetValue<long>() / 1000))
            : null;
}
