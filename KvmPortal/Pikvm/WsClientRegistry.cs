using System.Collections.Concurrent;

namespace KvmPortal.Pikvm;

/// <summary>The live <c>/api/ws</c> connections (for the <c>clients</c> event and <c>/api/sessions</c>).</summary>
public sealed class WsClientRegistry
{
    private readonly ConcurrentDictionary<Guid, WsClientInfo> _clients = new();

    public event EventHandler? Changed;

    public int Count => _clients.Count;

    public IReadOnlyList<WsClientInfo> List(string? userId = null) =>
        [.. _clients.Values.Where(c => userId is null || c.UserId == userId).OrderBy(c => c.Since)];

    public void Add(WsClientInfo client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _clients[client.Id] = client;
        Changed?.Invoke(this, EventArgs.Empty);
    }

    public void Remove(Guid id)
    {
        if (_clients.TryRemove(id, out _))
        {
            Changed?.Invoke(this, EventArgs.Empty);
        }
    }
}
