using Xunit;

namespace KvmPortal.Tests.Kernel;

/// <summary>
/// A <c>[Fact]</c> that runs only inside the VM lab: outside it (<c>KVMPORTAL_VMLAB</c> not <c>1</c>) the test is
/// reported as skipped. Combine with <c>[Trait("Category", "Kernel")]</c>; see <see cref="KernelTest"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class KernelFactAttribute : FactAttribute
{
    /// <summary>The skip reason shown by <c>dotnet test</c> outside the VM lab.</summary>
    public const string OutsideVmLabReason = "Kernel test: runs only inside the VM lab (deploy/vmlab/run-kernel-tests.sh).";

    public KernelFactAttribute()
    {
        if (!KernelTest.InVmLab)
        {
            Skip = OutsideVmLabReason;
        }
    }
}
