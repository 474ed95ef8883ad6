using System.Diagnostics;
using System.Globalization;
using KvmPortal.Hardware.Processes;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Logging;

namespace KvmPortal.Tests.Processes;

/// <summary>
/// <see cref="ChildProcessService"/> with real programs (sh, sleep, setpriv from Debian's essential packages): graceful stop then
/// kill, timeouts, the log lines with PID and exit code, and the parent-death signal, including the thread trap it avoids.
/// </summary>
public sealed class ChildProcessServiceTests : IDisposable
{
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;
    private readonly ChildProcessService _children;

    public ChildProcessServiceTests()
    {
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        _children = new ChildProcessService(_loggerFactory.CreateLogger<ChildProcessService>());
    }

    public void Dispose()
    {
        _children.Dispose();
        _loggerFactory.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task RunAsync_ReturnsExitCodeOutputAndError_AndPassesStandardInput()
    {
        var result = await _children.RunAsync(Sh("read line; echo \"out:$line\"; echo err >&2; exit 3"), TimeSpan.FromSeconds(20), "hello\n");
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("out:hello\n", result.StandardOutput);
        Assert.Equal("err\n", result.StandardError);
    }

    [Fact]
    public async Task RunAsync_KillsTheToolAndItsChildrenWhenTheTimeoutPasses()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"kvmportal-childtest-{Guid.NewGuid():N}.pid");
        try
        {
            var error = await Assert.ThrowsAsync<TimeoutException>(() =>
                _children.RunAsync(Sh($"sleep 60 & echo $! > {pidFile}; wait"), TimeSpan.FromMilliseconds(500)));
            Assert.Contains("did not finish within", error.Message, StringComparison.Ordinal);
            var sleepPid = int.Parse(await File.ReadAllTextAsync(pidFile), CultureInfo.InvariantCulture);
            Assert.NotNull(await ProcessTable.WaitUntilGoneAsync(sleepPid, TimeSpan.FromSeconds(5)));
            Assert.Empty(_children.Running);
        }
        finally
        {
            File.Delete(pidFile);
        }
    }

    [Fact]
    public async Task RunAsync_MissingProgram_FailsLikeProcessStart()
    {
        await Assert.ThrowsAsync<System.ComponentModel.Win32Exception>(() =>
            _children.RunAsync(new ProcessStartInfo("kvmportal-no-such-program"), TimeSpan.FromSeconds(5)));
        Assert.Throws<ArgumentException>(() => _children.Start(new ChildProcessStart("x", new ProcessStartInfo("sh", "-c true"))));
    }

    [Fact]
    public async Task Stop_SendsSigtermFirst_AndLogsPidAndExitCode()
    {
        var child = _children.Start(new ChildProcessStart("trapper", Sh("trap 'exit 7' TERM; echo ready; while :; do sleep 0.05; done", stdout: true)));
        Assert.Equal("ready", await child.Process.StandardOutput.ReadLineAsync());
        Assert.Contains(child, _children.Running);

        await child.StopAsync();

        Assert.Equal(7, await child.Exited);
        Assert.DoesNotContain(child, _children.Running);
        Assert.Contains(_logs.Lines, l => l.Contains($"Started child process trapper (pid {child.Id})", StringComparison.Ordinal));
        Assert.Contains(_logs.Lines, l => l.Contains($"Stopping child process trapper (pid {child.Id}) gracefully (SIGTERM)", StringComparison.Ordinal));
        Assert.Contains(_logs.Lines, l => l.Contains($"Child process trapper (pid {child.Id}) exited with code 7", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stop_UsesTheChildsOwnGracefulStep()
    {
        ChildProcess? child = null;
        child = _children.Start(new ChildProcessStart("reader", Sh("read command; [ \"$command\" = quit ] && exit 4; exit 1", stdin: true))
        {
            GracefulStop = async ct =>
            {
                await child!.Process.StandardInput.WriteLineAsync("quit".AsMemory(), ct);
                await child.Process.StandardInput.FlushAsync(ct);
            },
        });

        await child.StopAsync();

        Assert.Equal(4, await child.Exited);
        Assert.Contains(_logs.Lines, l => l.Contains("gracefully (own stop command)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stop_KillsAChildThatIgnoresTheGracefulStep_AfterTheTimeout()
    {
        var child = _children.Start(new ChildProcessStart("stubborn", Sh("trap '' TERM; echo ready; while :; do sleep 0.05; done", stdout: true))
        {
            StopTimeout = TimeSpan.FromMilliseconds(300),
        });
        Assert.Equal("ready", await child.Process.StandardOutput.ReadLineAsync());

        await child.StopAsync();

        Assert.Equal(128 + 9, await child.Exited);
        Assert.Contains(_logs.Lines, l => l.Contains($"Child process stubborn (pid {child.Id}) did not stop gracefully in time: killing it", StringComparison.Ordinal));
        Assert.Contains(_logs.Lines, l => l.Contains($"Child process stubborn (pid {child.Id}) exited with code 137", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AChildThatDiesOnItsOwn_IsLoggedAsUnexpected()
    {
        var child = _children.Start(new ChildProcessStart("crasher", Sh("exit 2")));
        Assert.Equal(2, await child.Exited.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains(_logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal)
            && l.Contains($"Child process crasher (pid {child.Id}) exited unexpectedly with code 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dispose_StopsEveryChildStillRunning()
    {
        var service = new ChildProcessService();
        var first = service.Start(new ChildProcessStart("one", Sleep()));
        var second = service.Start(new ChildProcessStart("two", Sleep()));

        await service.DisposeAsync();

        Assert.True(first.HasExited && second.HasExited);
        Assert.False(ProcessTable.IsAlive(first.Id) || ProcessTable.IsAlive(second.Id));
        Assert.Throws<ObjectDisposedException>(() => service.Start(new ChildProcessStart("late", Sleep())));
    }

    /// <summary>
    /// The trap the service avoids: Linux sends the parent-death signal when the forking THREAD exits. A child started with a
    /// naive <c>setpriv --pdeathsig KILL</c> from a thread that then ends is killed although this process lives on.
    /// </summary>
    [Fact]
    public void NaiveParentDeathSignal_FromAShortLivedThread_KillsTheChildEarly()
    {
        Assert.True(File.Exists(ChildProcessLauncher.Setpriv), "util-linux's setpriv is missing");
        Process? naive = null;
        var thread = new Thread(() =>
        {
            naive = Process.Start(new ProcessStartInfo(ChildProcessLauncher.Setpriv) { ArgumentList = { "--pdeathsig", "KILL", "--", "sleep", "60" } });
            // Let setpriv reach its prctl first (it runs after the exec that Process.Start waits for); a thread that ended
            // before that would already have handed the child to another thread, whose death then counts instead. setpriv
            // execs sleep only after its prctl, so "sleep" on the command line means the death signal is armed (a fixed pause
            // was too short on a loaded machine).
            var armed = Stopwatch.StartNew();
            while (!naive!.HasExited && !ProcessTable.CommandLine(naive.Id).StartsWith("sleep ", StringComparison.Ordinal) && armed.Elapsed < TimeSpan.FromSeconds(30))
            {
                Thread.Sleep(10);
            }
        });
        thread.Start();
        thread.Join();
        using var started = naive!;
        try
        {
            Assert.True(started.WaitForExit(TimeSpan.FromSeconds(5)), "the naive child survived the exit of the thread that started it");
            Assert.Equal(128 + 9, started.ExitCode);
        }
        finally
        {
            if (!started.HasExited)
            {
                started.Kill();
            }
        }
    }

    /// <summary>The service forks from its one long-lived thread, so the thread that asked can end and the child lives on.</summary>
    [Fact]
    public async Task ServiceChild_StartedFromAShortLivedThread_SurvivesThatThread()
    {
        Assert.True(ChildProcessService.KillsChildrenWhenKvmPortalDies);
        ChildProcess? child = null;
        var thread = new Thread(() => child = _children.Start(new ChildProcessStart("survivor", Sleep())));
        thread.Start();
        thread.Join();

        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.False(child!.HasExited);
        Assert.True(ProcessTable.IsAlive(child.Id));
        Assert.Contains("sleep 60", ProcessTable.CommandLine(child.Id), StringComparison.Ordinal);
        Assert.Equal(Environment.ProcessId, ParentOf(child.Id));
        await child.StopAsync();
        Assert.Equal(128 + 15, await child.Exited);
    }

    /// <summary>The wrapper's guard: a child whose parent is no longer the process that started it does not run its program.</summary>
    [Fact]
    public async Task Guard_RefusesToStartWhenTheParentIsNotTheExpectedOne()
    {
        // The launcher's guard (sh -c GUARD EXPECTED_PARENT PROGRAM ARGS) with an expected parent that cannot match.
        var info = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", ChildProcessLauncher.Guard, "1", "echo", "ran" } };
        var result = await _children.RunAsync(info, TimeSpan.FromSeconds(10));
        Assert.Equal(125, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
    }

    private static ProcessStartInfo Sh(string script, bool stdout = false, bool stdin = false) =>
        new("/bin/sh") { ArgumentList = { "-c", script }, RedirectStandardOutput = stdout, RedirectStandardInput = stdin };

    private static ProcessStartInfo Sleep() => new("sleep") { ArgumentList = { "60" } };

    private static int ParentOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
    }
}
