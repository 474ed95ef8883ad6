using System.Text.Json.Serialization;

namespace KvmPortal.Serial;

/// <summary>The port's state and whether this terminal may type.</summary>
public sealed record SerialStateMessage(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("port")] string Port,
    [property: JsonPropertyName("device")] string Device,
    [property: JsonPropertyName("settings")] string Settings,
    [property: JsonPropertyName("connected")] bool Connected,
    [property: JsonPropertyName("detail")] string? Detail,
    [property: JsonPropertyName("canType")] bool CanType,
    [property: JsonPropertyName("reason")] string? Reason);
