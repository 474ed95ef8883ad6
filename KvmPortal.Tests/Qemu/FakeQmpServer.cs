using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace KvmPortal.Tests.Qemu;

/// <summary>A scripted QMP server on a unix socket: sends the greeting, records commands and answers through a handler.</summary>
public sealed class FakeQmpServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly Lock _lock = new();
    private StreamWriter? _writer;
    private Socket? _client;

    public FakeQmpServer(string socketPath, Func<JsonObject, JsonObject?> handler)
    {
        SocketPath = socketPath;
        Handler = handler;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        _listener.Listen(4);
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public string SocketPath { get; }

    /// <summary>Gets or sets the answer to a command: a full message (with or without id) or null for "no answer now".</summary>
    public Func<JsonObject, JsonObject?> Handler { get; set; }

    public ConcurrentQueue<JsonObject> Commands { get; } = new();

    public int Connections { get; private set; }

    public static JsonObject Return(JsonNode? value) => new() { ["return"] = value ?? new JsonObject() };

    public static JsonObject Error(string errorClass, string description) =>
        new() { ["error"] = new JsonObject { ["class"] = errorClass, ["desc"] = description } };

    /// <summary>Sends a raw message to the connected client.</summary>
    public async Task SendAsync(JsonObject message)
    {
        StreamWriter writer;
        lock (_lock)
        {
            writer = _writer ?? throw new InvalidOperationException("no client connected");
        }

        await writer.WriteLineAsync(message.ToJsonString());
        await writer.FlushAsync();
    }

    public Task SendEventAsync(string name, JsonObject? data = null) => SendAsync(new JsonObject
    {
        ["event"] = name,
        ["data"] = data ?? new JsonObject(),
        ["timestamp"] = new JsonObject { ["seconds"] = 1_700_000_000, ["microseconds"] = 250_000 },
    });

    /// <summary>Closes the current client connection (as a crashing QEMU would).</summary>
    public void DropClient()
    {
        lock (_lock)
        {
            try
            {
                _client?.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
            {
                // The serving task already closed it.
            }

            _client?.Dispose();
            _client = null;
            _writer = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        DropClient();
        _listener.Dispose();
        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptAsync(_stop.Token);
            Connections++;
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var stream = new NetworkStream(client, ownsSocket: true);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n" };
        lock (_lock)
        {
            (_client, _writer) = (client, writer);
        }

        await SendAsync(JsonNode.Parse("""{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}, "package": "fake"}, "capabilities": ["oob"]}}""")!.AsObject());
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                var command = JsonNode.Parse(line)!.AsObject();
                Commands.Enqueue(command);
                var answer = command["execute"]!.ToString() == "qmp_capabilities" ? Return(null) : Handler(command);
                if (answer is not null)
                {
                    if (!answer.ContainsKey("id") && command["id"] is { } id)
                    {
                        answer["id"] = id.DeepClone();
                    }

                    await SendAsync(answer);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Client gone or dropped.
        }
    }
}
