using Xunit;

namespace KvmPortal.Tests.Kernel;

/// <summary>Ordinary tests (they run anywhere) for the VM lab's in-guest runner: discovery and the per-test lifecycle.</summary>
public sealed class KernelRunnerTests
{
    [Fact]
    public void Discovery_FindsKernelFactsOnly_AndAppliesTheFilter()
    {
        var all = KernelRunnerDiscovery.Find(typeof(KernelRunner).Assembly, filter: null).Select(t => t.Name).ToList();
        var filtered = KernelRunnerDiscovery.Find(typeof(KernelRunner).Assembly, filter: "video0").Select(t => t.Name).ToList();

        Assert.Contains("KvmPortal.Tests.Kernel.Smoke.VmLabSmokeTests.Video0_IsVividCapture", all);
        Assert.Contains("KvmPortal.Tests.Kernel.Smoke.VmLabSmokeTests.Modules_GadgetAndCapture_AreLoaded", all);
        Assert.DoesNotContain(all, name => name.Contains(nameof(KernelRunnerTests), StringComparison.Ordinal));
        Assert.Equal(["KvmPortal.Tests.Kernel.Smoke.VmLabSmokeTests.Video0_IsVividCapture"], filtered);
    }

    [Fact]
    public async Task Execution_AwaitsTheTest_ThenDisposesTheInstance()
    {
        Probe.Log.Clear();

        await KernelRunnerExecution.RunAsync(Case(nameof(Probe.PassesAsync)));

        Assert.Equal(["ctor", "test", "dispose"], Probe.Log);
    }

    [Fact]
    public async Task Execution_ReportsTheTestsOwnException_AndStillDisposes()
    {
        Probe.Log.Clear();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => KernelRunnerExecution.RunAsync(Case(nameof(Probe.FailsAsync))));

        Assert.Equal("broken on purpose", ex.Message);
        Assert.Equal(["ctor", "threw", "dispose"], Probe.Log);
    }

    private static KernelRunnerTestCase Case(string method) => new(typeof(Probe), typeof(Probe).GetMethod(method)!, SkipReason: null);

    /// <summary>A stand-in test class (no xunit attributes, so neither xunit nor the kernel runner picks it up).</summary>
    internal sealed class Probe : IAsyncDisposable
    {
        private readonly List<string> _log = Log;

        public Probe() => _log.Add("ctor");

        public static List<string> Log { get; } = [];

        public async Task PassesAsync()
        {
            await Task.Yield();
            _log.Add("test");
        }

        public async Task FailsAsync()
        {
            await Task.Yield();
            _log.Add("threw");
            throw new InvalidOperationException("broken on purpose");
        }

        public ValueTask DisposeAsync()
        {
            _log.Add("dispose");
            return ValueTask.CompletedTask;
        }
    }
}
