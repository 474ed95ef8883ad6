namespace KvmPortal.Tests.Simulation;

/// <summary>An IServiceProvider that knows exactly one service, for invoking registration factories without a container.</summary>
internal sealed class SingleServiceProvider(Type serviceType, object instance) : IServiceProvider
{
    public object? GetService(Type type) => type == serviceType ? instance : null;
}
