using System.Text.Json.Nodes;

namespace KvmPortal.Hardware.Qemu;

/// <summary>An asynchronous QMP event such as SHUTDOWN, POWERDOWN, RESET, STOP or RESUME.</summary>
/// <param name="Name">The event name as QEMU sends it (upper case).</param>
/// <param name="Data">The event's data object, if any.</param>
/// <param name="Timestamp">QEMU's timestamp of the event (host clock), or null when absent.</param>
public sealed record QmpEvent(string Name, JsonObject? Data, DateTimeOffset? Timestamp);
