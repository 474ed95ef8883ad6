namespace KvmPortal.Tests.Api;

/// <summary>One route of the API surface and the permission it needs.</summary>
public sealed record ApiRoute(string Method, string Path, string Permission, bool Streaming = false, bool NoTokens = false, int AnonymousStatus = 401)
{
    public override string ToString() => $"{Method} {Path}";
}
