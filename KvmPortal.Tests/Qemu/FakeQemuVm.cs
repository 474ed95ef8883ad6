using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace KvmPortal.Tests.Qemu;

/// <summary>A fake QEMU on a <see cref="FakeQmpServer"/>: the run-state rules of the real one (prelaunch/running/paused/shutdown) and a command log.</summary>
public sealed class FakeQemuVm : IAsyncDisposable
{
    private readonly Lock _lock = new();

    public FakeQemuVm(string socketPath)
    {
        Server = new FakeQmpServer(socketPath, Handle);
    }

    public FakeQmpServer Server { get; }

    public string Status { get; set; } = "prelaunch";

    /// <summary>Gets or sets commands that fail with a GenericError.</summary>
    public HashSet<string> Failing { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets commands that get no answer until <see cref="Release"/>.</summary>
    public ConcurrentDictionary<string, JsonObject> Held { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Holding { get; } = new(StringComparer.Ordinal);

    public IEnumerable<JsonObject> Log => Server.Commands.Where(c => c["execute"]!.ToString() is not ("qmp_capabilities" or "query-status"));

    public IEnumerable<string> LogNames => Log.Select(c => c["execute"]!.ToString());

    public Task ReleaseAsync(string command) =>
        Held.TryRemove(command, out var held) ? Server.SendAsync(new JsonObject { ["return"] = new JsonObject(), ["id"] = held["id"]!.DeepClone() }) : Task.CompletedTask;

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private JsonObject? Handle(JsonObject command)
    {
        var name = command["execute"]!.ToString();
        if (Failing.Contains(name))
        {
            return FakeQmpServer.Error("GenericError", $"{name} refused by the fake");
        }

        if (Holding.Contains(name))
        {
            Held[name] = command;
            return null;
        }

        lock (_lock)
        {
            switch (name)
            {
                case "query-status":
                    return FakeQmpServer.Return(new JsonObject { ["status"] = Status, ["running"] = Status == "running" });
                case "cont" when Status is "shutdown":
                    return FakeQmpServer.Error("GenericError", "Resetting the Virtual Machine is required");
                case "cont":
                    Status = "running";
                    break;
                case "stop":
                    Status = "paused";
                    break;
                case "system_reset" when Status is not "running":
                    Status = "prelaunch";
                    break;
            }
        }

        return FakeQmpServer.Return(null);
    }
}
