namespace KvmPortal.Tests.Kernel;

/// <summary>
/// Entry point for tests that need the real Linux kernel (configfs, USB gadget, /dev/hidg*, /dev/video*).
/// </summary>
/// <remarks>
/// How to write a kernel test (the convention every area follows):
/// <code>
/// [Trait("Category", "Kernel")]
/// public sealed class GadgetKernelTests : IDisposable
/// {
///     [KernelFact]
///     public async Task Keyboard_Report_ArrivesAsEvdevKey()
///     {
///         KernelTest.RequireVmLab();
///         ...
///     }
/// }
/// </code>
/// Why an attribute and not a dynamic skip: xunit 2.9.3 has <c>Assert.Skip</c>/<c>SkipException</c> in its assertion
/// library, but only the v3 runner honours them; under the v2 runner (this project) the exception fails the test.
/// So the skip is decided at discovery: <see cref="KernelFactAttribute"/> is a <c>[Fact]</c> whose <c>Skip</c> is set
/// whenever <c>KVMPORTAL_VMLAB</c> is not <c>1</c>, and <c>dotnet test</c> on a build machine reports these tests as skipped.
/// Inside the VM lab, deploy/vmlab/run-kernel-tests.sh sets <c>KVMPORTAL_VMLAB=1</c> and runs
/// <c>dotnet KvmPortal.Tests.dll --kernel</c>; <see cref="KernelRunner"/> runs every <c>[KernelFact]</c> and every
/// <c>[Fact]</c> with <c>[Trait("Category", "Kernel")]</c> on the method or its class.
/// <see cref="RequireVmLab"/> is the guard at the top of each kernel test: it never lets a kernel test pass
/// trivially. Outside the lab it throws, so a kernel test marked with a plain <c>[Fact]</c> fails loudly under
/// <c>dotnet test</c> with a message saying to use <c>[KernelFact]</c>.
/// </remarks>
public static class KernelTest
{
    /// <summary>The environment variable the VM lab sets to <c>1</c> inside the guest.</summary>
    public const string EnvironmentVariable = "KVMPORTAL_VMLAB";

    /// <summary>True inside the VM lab's guest (<c>KVMPORTAL_VMLAB=1</c>).</summary>
    public static bool InVmLab { get; } = Environment.GetEnvironmentVariable(EnvironmentVariable) == "1";

    /// <summary>
    /// Guard for the first line of a kernel test. Inside the VM lab it returns; outside it throws, because such a test
    /// must be marked <see cref="KernelFactAttribute"/> (which skips it outside the lab before it runs).
    /// </summary>
    /// <exception cref="InvalidOperationException">Not running inside the VM lab.</exception>
    public static void RequireVmLab()
    {
        if (!InVmLab)
        {
            throw new InvalidOperationException(
                $"This kernel test needs the VM lab ({EnvironmentVariable}=1, deploy/vmlab/run-kernel-tests.sh). " +
                "Mark it [KernelFact] so that it is skipped outside the lab.");
        }
    }
}
