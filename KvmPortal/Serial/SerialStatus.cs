using System.Text.Json.Serialization;

namespace KvmPortal.Serial;

/// <summary>What the terminal's script reports to its component: a state, an error or the socket's fate.</summary>
public sealed class SerialStatus
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("connected")]
    public bool Connected { get; set; }

    [JsonPropertyName("detail")]
    public string? Detail { get; set; }

    [JsonPropertyName("settings")]
    public string? Settings { get; set; }

    [JsonPropertyName("device")]
    public string? Device { get; set; }

    [JsonPropertyName("canType")]
    public bool CanType { get; set; }

    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
