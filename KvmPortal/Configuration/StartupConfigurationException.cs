namespace KvmPortal.Configuration;

/// <summary>A setting that stops KvmPortal from starting; the host prints <see cref="Exception.Message"/> (no stack trace) and exits with 78.</summary>
public sealed class StartupConfigurationException : Exception
{
    public StartupConfigurationException()
    {
    }

    public StartupConfigurationException(string message)
        : base(message)
    {
    }

    public StartupConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
