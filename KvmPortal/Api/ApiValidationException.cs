namespace KvmPortal.Api;

/// <summary>A request parameter is missing or malformed (400 ValidatorError, as PiKVM).</summary>
public sealed class ApiValidationException : Exception
{
    public ApiValidationException()
        : base("Invalid request parameter")
    {
    }

    public ApiValidationException(string message)
        : base(message)
    {
    }

    public ApiValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
