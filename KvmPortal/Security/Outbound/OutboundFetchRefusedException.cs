namespace KvmPortal.Security.Outbound;

/// <summary>The outbound fetch policy refused a target (internal address, bad redirect, too many redirects).</summary>
public sealed class OutboundFetchRefusedException : HttpRequestException
{
    public OutboundFetchRefusedException()
        : base("refused by the outbound fetch policy")
    {
    }

    public OutboundFetchRefusedException(string message)
        : base(message)
    {
    }

    public OutboundFetchRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
