using System.Text.Json.Serialization;

namespace KvmPortal.Serial;

/// <summary>Source-generated JSON for the terminal messages.</summary>
[JsonSerializable(typeof(SerialClientMessage))]
[JsonSerializable(typeof(SerialStateMessage))]
[JsonSerializable(typeof(SerialErrorMessage))]
internal sealed partial class SerialJsonContext : JsonSerializerContext;
