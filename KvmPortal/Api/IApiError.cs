namespace KvmPortal.Api;

/// <summary>An exception that names its own API error: the status code and PiKVM's error name (<see cref="ApiErrorFilter"/> answers with them).</summary>
public interface IApiError
{
    int StatusCode { get; }

    string ErrorName { get; }
}
