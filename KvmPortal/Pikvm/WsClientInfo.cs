namespace KvmPortal.Pikvm;

/// <summary>One live <c>/api/ws</c> connection.</summary>
public sealed record WsClientInfo(Guid Id, string UserId, string UserName, string Method, string? ClientAddress, DateTimeOffset Since);
