using System.Text.Json.Serialization;

namespace KvmPortal.Serial;

/// <summary>An error shown in the terminal's status line.</summary>
public sealed record SerialErrorMessage(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("message")] string Message);
