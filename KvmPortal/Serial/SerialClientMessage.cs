using System.Text.Json.Serialization;

namespace KvmPortal.Serial;

/// <summary>A terminal's message to the server.</summary>
public sealed record SerialClientMessage(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("data")] string? Data,
    [property: JsonPropertyName("cols")] int? Cols,
    [property: JsonPropertyName("rows")] int? Rows);
