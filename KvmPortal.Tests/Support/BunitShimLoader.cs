using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace KvmPortal.Tests.Support;

/// <summary>
/// PACKAGE-MIRROR WORKAROUND (goes with BunitShim.targets): bunit asks for AngleSharp.Diffing 1.0.0.0, the mirror has only 0.17,
/// which the build copies to bunit-shim/. This resolver hands that copy to the default load context.
/// </summary>
internal static class BunitShimLoader
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "The shim must be in place before any test type loads bunit.")]
    internal static void Install()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "bunit-shim");
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            var candidate = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
        };
    }
}
