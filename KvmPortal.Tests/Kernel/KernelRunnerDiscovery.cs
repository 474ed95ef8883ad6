using System.Reflection;
using Xunit;

namespace KvmPortal.Tests.Kernel;

/// <summary>
/// Finds the kernel tests in an assembly: public methods of public classes carrying <see cref="KernelFactAttribute"/>, or
/// any other <see cref="FactAttribute"/> together with <c>[Trait("Category", "Kernel")]</c> on the method or its class.
/// </summary>
internal static class KernelRunnerDiscovery
{
    public static IReadOnlyList<KernelRunnerTestCase> Find(Assembly assembly, string? filter)
    {
        var found = new List<KernelRunnerTestCase>();
        foreach (var type in assembly.GetExportedTypes())
        {
            if (!type.IsClass || (type.IsAbstract && !type.IsSealed) || type.ContainsGenericParameters)
            {
                continue;
            }

            var classIsKernel = HasKernelTrait(type);
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                var fact = method.GetCustomAttribute<FactAttribute>(inherit: true);
                if (fact is null || !(fact is KernelFactAttribute || classIsKernel || HasKernelTrait(method)))
                {
                    continue;
                }

                var test = new KernelRunnerTestCase(type, method, fact.Skip);
                if (filter is null || test.Name.Contains(filter, StringComparison.OrdinalIgnoreCase))
                {
                    found.Add(test);
                }
            }
        }

        found.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return found;
    }

    // TraitAttribute keeps its name and value only as constructor arguments, so read them from the attribute data.
    private static bool HasKernelTrait(MemberInfo member)
    {
        for (var current = member; current is not null; current = (current as Type)?.BaseType)
        {
            foreach (var data in current.GetCustomAttributesData())
            {
                if (data.AttributeType == typeof(TraitAttribute)
                    && data.ConstructorArguments is [{ Value: "Category" }, { Value: "Kernel" }])
                {
                    return true;
                }
            }
        }

        return false;
    }
}
