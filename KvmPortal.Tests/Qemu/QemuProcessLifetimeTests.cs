using System.Globalization;
using System.Text.RegularExpressions;
using KvmPortal.Hardware.Processes;
using KvmPortal.Tests.Support;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Qemu;

/// <summary>
/// Issue 25: the real KvmPortal program with the Qemu profile (it starts QEMU at start-up). Killed with SIGKILL, its QEMU must be
/// gone within 2 s (parent-death signal); stopped normally (SIGTERM, as systemd does), it ends QEMU through QMP <c>quit</c>, which
/// QEMU itself reports as the SHUTDOWN reason "host-qmp-quit" and ends with exit code 0.
/// </summary>
[Trait("Category", "Qemu")]
public sealed partial class QemuProcessLifetimeTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task KvmPortalKilledWithSigkill_ItsQemuIsGoneWithin2Seconds()
    {
        QemuTestTools.RequireTools();
        Assert.True(ChildProcessService.KillsChildrenWhenKvmPortalDies, "util-linux's setpriv is missing");
        var portal = KvmPortalProcess.Start(_data.Path, Arguments());
        var qemuPid = 0;
        try
        {
            qemuPid = await WaitForQemuAsync(portal);

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var portalGone = portal.Child.Exited.ContinueWith(_ => clock.Elapsed, TaskScheduler.Default);
            portal.Child.Process.Kill(entireProcessTree: false); // SIGKILL to KvmPortal only: nothing of it runs any more.
            var gone = await ProcessTable.WaitUntilGoneAsync(qemuPid, TimeSpan.FromSeconds(2));

            if (portalGone.IsCompleted)
            {
                var reaped = (await portalGone).TotalMilliseconds;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kvmportal_reaped_after_sigkill_ms: {reaped:0}"));
            }

            output.WriteLine(gone is { } took
                ? string.Create(CultureInfo.InvariantCulture, $"qemu_gone_after_kvmportal_sigkill_ms: {took.TotalMilliseconds:0}")
                : "QEMU still ran 2 s after KvmPortal was killed");
            Assert.True(gone is not null, $"QEMU (pid {qemuPid}) still runs 2 s after KvmPortal was killed with SIGKILL: {ProcessTable.CommandLine(qemuPid)}");
        }
        finally
        {
            await portal.DisposeAsync();
            ProcessTable.KillIfStillRunning(qemuPid, QemuTestTools.QemuBinary);
        }
    }

    [Fact]
    public async Task KvmPortalStoppedNormally_EndsQemuThroughQmpQuit()
    {
        QemuTestTools.RequireTools();
        var portal = KvmPortalProcess.Start(_data.Path, Arguments());
        var qemuPid = 0;
        try
        {
            qemuPid = await WaitForQemuAsync(portal);
            await portal.WaitForLineAsync(QmpConnected(), TimeSpan.FromSeconds(60));
            await portal.WaitForLineAsync(Listening(), TimeSpan.FromSeconds(60));

            await using (var children = new ChildProcessService())
            {
                var kill = new System.Diagnostics.ProcessStartInfo("kill") { ArgumentList = { "-s", "TERM", portal.Id.ToString(CultureInfo.InvariantCulture) } };
                Assert.Equal(0, (await children.RunAsync(kill, TimeSpan.FromSeconds(10))).ExitCode);
            }

            var exitCode = await portal.WaitForExitAsync(TimeSpan.FromSeconds(40));
            var log = portal.Output;
            output.WriteLine(log);
            Assert.Equal(0, exitCode);
            Assert.False(ProcessTable.IsAlive(qemuPid), "QEMU outlived a normal stop");
            Assert.Contains($"Stopping child process qemu (pid {qemuPid}) gracefully (own stop command)", log, StringComparison.Ordinal);
            // QEMU's own word: the SHUTDOWN event it sent says QMP quit ended it (a signal would say host-signal).
            Assert.Contains("QEMU shut down (reason host-qmp-quit)", log, StringComparison.Ordinal);
            Assert.Contains($"Child process qemu (pid {qemuPid}) exited with code 0", log, StringComparison.Ordinal);
            Assert.DoesNotContain("did not stop gracefully in time", log, StringComparison.Ordinal);
        }
        finally
        {
            await portal.DisposeAsync();
            ProcessTable.KillIfStillRunning(qemuPid, QemuTestTools.QemuBinary);
        }
    }

    private async Task<int> WaitForQemuAsync(KvmPortalProcess portal)
    {
        var started = await portal.WaitForLineAsync(QemuStarted(), TimeSpan.FromSeconds(90));
        var pid = int.Parse(started.Groups[1].Value, CultureInfo.InvariantCulture);
        output.WriteLine($"KvmPortal pid {portal.Id}, QEMU pid {pid}: {ProcessTable.CommandLine(pid)}");
        // The logged PID is QEMU's own (the start wrapper execs it in place), and KvmPortal is its parent.
        Assert.StartsWith(QemuTestTools.QemuBinary, ProcessTable.CommandLine(pid), StringComparison.Ordinal);
        return pid;
    }

    private string[] Arguments() =>
    [
        "--Urls=http://127.0.0.1:0",
        $"--Setup:AdminPassword={TestPasswords.Admin}",
        "--KvmPortal:Qemu:Enabled=true",
        $"--KvmPortal:Qemu:QemuBinary={QemuTestTools.QemuBinary}",
        "--KvmPortal:Qemu:MemoryMb=64",
        $"--KvmPortal:Qemu:ScreendumpDirectory={_data.Path}",
    ];

    [GeneratedRegex(@"Started child process qemu \(pid (\d+)\)")]
    private static partial Regex QemuStarted();

    [GeneratedRegex(@"Now listening on: ")]
    private static partial Regex Listening();

    [GeneratedRegex(@"QMP connected to ")]
    private static partial Regex QmpConnected();
}
