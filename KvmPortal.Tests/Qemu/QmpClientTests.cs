using System.Text.Json.Nodes;
using KvmPortal.Hardware.Qemu;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Qemu;

public sealed class QmpClientTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string SocketPath => Path.Combine(_dir.Path, "qmp.sock");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task NegotiatesCapabilitiesBeforeTheFirstCommandAndReturnsItsValue()
    {
        await using var server = new FakeQmpServer(SocketPath, c => FakeQmpServer.Return(new JsonObject { ["status"] = "running", ["running"] = true }));
        await using var client = new QmpClient(SocketPath);

        var result = await client.ExecuteAsync("query-status");

        Assert.Equal("running", result?["status"]?.ToString());
        Assert.Equal("7.2.0", client.QemuVersion);
        var commands = server.Commands.Select(c => c["execute"]!.ToString()).ToArray();
        Assert.Equal(["qmp_capabilities", "query-status"], commands);
        Assert.All(server.Commands, c => Assert.NotNull(c["id"]));
    }

    [Fact]
    public async Task SendsArgumentsAndTurnsErrorObjectsIntoQmpExceptions()
    {
        await using var server = new FakeQmpServer(SocketPath, c => FakeQmpServer.Error("DeviceNotFound", $"Device '{c["arguments"]?["device"]}' not found"));
        await using var client = new QmpClient("unix:" + SocketPath);

        var ex = await Assert.ThrowsAsync<QmpException>(() => client.ExecuteAsync("eject", new JsonObject { ["device"] = "cd9" }));

        Assert.Equal("DeviceNotFound", ex.ErrorClass);
        Assert.Equal("Device 'cd9' not found", ex.Message);
    }

    [Fact]
    public async Task MatchesAnswersToCommandsByIdEvenOutOfOrder()
    {
        var held = new List<JsonObject>();
        await using var server = new FakeQmpServer(SocketPath, c =>
        {
            lock (held)
            {
                held.Add(c);
            }

            return null;
        });
        await using var client = new QmpClient(SocketPath);
        await client.ConnectAsync();

        var first = client.ExecuteAsync("first");
        var second = client.ExecuteAsync("second");
        while (true)
        {
            lock (held)
            {
                if (held.Count == 2)
                {
                    break;
                }
            }

            await Task.Yield();
        }

        foreach (var command in held.AsEnumerable().Reverse())
        {
            await server.SendAsync(new JsonObject { ["return"] = command["execute"]!.ToString(), ["id"] = command["id"]!.DeepClone() });
        }

        Assert.Equal("first", (await first)?.ToString());
        Assert.Equal("second", (await second)?.ToString());
    }

    [Fact]
    public async Task RaisesEventsWithDataAndTimestamp()
    {
        await using var server = new FakeQmpServer(SocketPath, _ => FakeQmpServer.Return(null));
        await using var client = new QmpClient(SocketPath);
        var received = new TaskCompletionSource<QmpEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.EventReceived += (_, e) => received.TrySetResult(e);
        await client.ConnectAsync();

        await server.SendEventAsync("SHUTDOWN", new JsonObject { ["guest"] = true, ["reason"] = "guest-shutdown" });
        var e = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("SHUTDOWN", e.Name);
        Assert.Equal("guest-shutdown", e.Data?["reason"]?.ToString());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_250), e.Timestamp);
    }

    [Fact]
    public async Task LostConnectionFailsPendingCommandsAndTheNextCommandReconnects()
    {
        await using var server = new FakeQmpServer(SocketPath, _ => null);
        await using var client = new QmpClient(SocketPath);
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += (_, _) => disconnected.TrySetResult();
        await client.ConnectAsync();
        var pending = client.ExecuteAsync("never-answered");
        while (server.Commands.Count < 2)
        {
            await Task.Yield();
        }

        server.DropClient();

        await Assert.ThrowsAsync<IOException>(() => pending);
        await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(client.IsConnected);
        server.Handler = _ => FakeQmpServer.Return(new JsonObject { ["ok"] = 1 });
        var again = await client.ExecuteAsync("query-version");
        Assert.Equal(1, again?["ok"]?.GetValue<int>());
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task UnreachableEndpointThrowsIOException()
    {
        await using var client = new QmpClient(SocketPath);

        await Assert.ThrowsAsync<IOException>(() => client.ExecuteAsync("query-status"));
        Assert.False(client.IsConnected);
    }
}
