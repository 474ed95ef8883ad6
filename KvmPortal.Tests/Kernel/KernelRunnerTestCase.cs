using System.Reflection;

namespace KvmPortal.Tests.Kernel;

/// <summary>One kernel test found by <see cref="KernelRunnerDiscovery"/>: the method, its class, and a static skip reason if any.</summary>
internal sealed record KernelRunnerTestCase(Type TestClass, MethodInfo Method, string? SkipReason)
{
    public string Name => $"{TestClass.FullName}.{Method.Name}";
}
