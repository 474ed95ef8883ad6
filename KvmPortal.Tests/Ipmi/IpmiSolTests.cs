using System.Diagnostics;
using System.Globalization;
using System.Text;
using KvmPortal.Audit;
using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Serial;
using KvmPortal.Ipmi;
using KvmPortal.Tests.Api;
using KvmPortal.Tests.Audit;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Ipmi;

/// <summary>
/// IPMI Serial-over-LAN with Debian's ipmitool on a pseudo-terminal (<see cref="PtyConsole"/>) against the simulated target's serial
/// console: both directions, one activation at a time, <c>sol deactivate</c>, a Viewer watching only, and revocation.
/// </summary>
public sealed class IpmiSolTests(IpmiTestApp app, ITestOutputHelper output) : IClassFixture<IpmiTestApp>
{
    private IpmiSol Sol => app.Factory.Services.GetRequiredService<IpmiSol>();

    private ISerialConsole Port => app.Factory.Services.GetRequiredService<ISerialPorts>().Ports[0];

    [Theory]
    [InlineData("17")]
    [InlineData("3")]
    public async Task Ipmitool_SolActivate_TalksToTheLoginPrompt_RefusesASecondActivation_AndDeactivates(string suite)
    {
        ExternalTool.Require(IpmiTestApp.Ipmitool, "ipmitool");
        await FreshBootAsync();
        var info = await RunAsync("admin", suite, "sol", "info");
        Assert.Matches(@"Enabled\s+: true", info);
        Assert.Matches(@"Privilege Level\s+: USER", info);
        Assert.Matches(@"Payload Port\s+: " + app.Port.ToString(CultureInfo.InvariantCulture), info);

        using (var sol = PtyConsole.Start(IpmiTestApp.Ipmitool, [.. Common("admin", suite), "sol", "activate"]))
        {
            var at = await sol.WaitForAsync("[SOL Session operational");
            var watch = Stopwatch.StartNew();
            await sol.SendAsync("\r");
            at = await sol.WaitForAsync("sim-target login: ", at);
            output.WriteLine($"ipmi_sol_suite_{suite}_enter_to_prompt_ms: {watch.ElapsedMilliseconds}");
            await sol.SendAsync("root\r");
            at = await sol.WaitForAsync("Password: ", at);
            await sol.SendAsync("secret\r");
            at = await sol.WaitForAsync("root@sim-target:~$ ", at);
            var utf8 = Encoding.Latin1.GetString(Encoding.UTF8.GetBytes($"über-sol-{suite} ✓"));
            await sol.SendAsync($"echo {utf8}\r");
            at = await sol.WaitForAsync($"\r\n{utf8}\r\n", at); // the shell's echo of the line, then its output

            // One SOL payload at a time: a second ipmitool is refused while this one is active.
            var (code, _, errors) = await IpmiTestApp.RunAsync(IpmiTestApp.Ipmitool, [.. Common("otto", suite, "OPERATOR"), "sol", "activate"]);
            Assert.NotEqual(0, code);
            Assert.Contains("SOL payload already active on another session", errors, StringComparison.Ordinal);
            Assert.Contains(" 01 01 00", await RunAsync("admin", suite, "raw", "0x06", "0x4a", "0x01"), StringComparison.Ordinal);

            // ipmitool's escape: ~. ends the payload (Deactivate Payload) and exits.
            await sol.SendAsync("\r~.");
            await sol.WaitForAsync("[terminated ipmitool]", at);
            Assert.True(await sol.WaitForExitAsync(TimeSpan.FromSeconds(10)), "ipmitool exits after ~.");
            Assert.Equal(0, sol.ExitCode);
        }

        await IpmiTestApp.WaitUntilAsync(() => Sol.Active is null, "the payload to end");
        Assert.Contains(" 01 00 00", await RunAsync("admin", suite, "raw", "0x06", "0x4a", "0x01"), StringComparison.Ordinal);

        // sol deactivate from another ipmitool (as after a crashed client) frees it for the next activation, and the console that
        // held it is told at once (ipmitool's keepalive would notice only after 15 s or more).
        using (var stranded = PtyConsole.Start(IpmiTestApp.Ipmitool, [.. Common("admin", suite), "sol", "activate"]))
        {
            await stranded.WaitForAsync("[SOL Session operational");
            await RunAsync("admin", suite, "sol", "deactivate");
            Assert.Null(Sol.Active);
            Assert.True(await stranded.WaitForExitAsync(TimeSpan.FromSeconds(2)), $"the first ipmitool exits once told; it printed:\n{stranded.Output}");
            Assert.Contains("SOL session closed by BMC", stranded.Output, StringComparison.Ordinal);
        }

        using (var again = PtyConsole.Start(IpmiTestApp.Ipmitool, [.. Common("admin", suite), "sol", "activate"]))
        {
            var at = await again.WaitForAsync("[SOL Session operational");
            await again.SendAsync("\r");
            await again.WaitForAsync("root@sim-target:~$ ", at);
            await again.SendAsync("\r~.");
            Assert.True(await again.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        }

        var sessions = await AuditRows.OfAsync(app.Factory.Services, AuditActions.SerialSession);
        Assert.Contains(sessions, r => r.User == "admin" && r.Details!.StartsWith("opened over IPMI Serial-over-LAN (session ", StringComparison.Ordinal) && r.Details.EndsWith(')'));
        Assert.Contains(sessions, r => r.User == "admin" && r.Details!.EndsWith("(IPMI Serial-over-LAN: deactivated)", StringComparison.Ordinal));
        Assert.Contains(sessions, r => r.User == "admin" && r.Details!.Contains("(IPMI Serial-over-LAN: deactivated by admin", StringComparison.Ordinal));
        Assert.Contains(sessions, r => r.User == "otto" && r.Outcome == AuditOutcome.Denied && r.Details!.Contains("already active", StringComparison.Ordinal));
        var inputs = await AuditRows.OfAsync(app.Factory.Services, AuditActions.SerialInput);
        Assert.Contains(inputs, r => r.User == "admin" && r.Details!.EndsWith("messages", StringComparison.Ordinal));
        Assert.DoesNotContain(inputs, r => (r.Details ?? "").Contains("secret", StringComparison.Ordinal) || (r.Details ?? "").Contains("über", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Viewer_WatchesTheConsoleButCannotType()
    {
        ExternalTool.Require(IpmiTestApp.Ipmitool, "ipmitool");
        await app.EnsurePowerAsync(on: true);
        using var sol = PtyConsole.Start(IpmiTestApp.Ipmitool, [.. Common("vera", "17", "USER"), "sol", "activate"]);
        var at = await sol.WaitForAsync("[SOL Session operational");
        var sent = Port.BytesSent;
        await sol.SendAsync("root\r");
        await Task.Delay(1000);
        Assert.Equal(sent, Port.BytesSent);

        // Output still reaches her: a reset prints the boot log and the login prompt.
        await app.Atx.PowerAsync(AtxPowerAction.ResetHard, wait: true, CancellationToken.None);
        at = await sol.WaitForAsync("KvmPortal Simulated BIOS", at);
        await sol.WaitForAsync("sim-target login: ", at);
        await app.WaitUntilIdleAsync();

        await sol.SendAsync("\r~.");
        Assert.True(await sol.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        var sessions = await AuditRows.OfAsync(app.Factory.Services, AuditActions.SerialSession);
        Assert.Contains(sessions, r => r.User == "vera" && r.Details!.EndsWith(", output only", StringComparison.Ordinal));
        var refused = await AuditRows.OfAsync(app.Factory.Services, AuditActions.SerialInput);
        Assert.Single(refused, r => r.User == "vera" && r.Outcome == AuditOutcome.Denied && r.Details!.Contains("may only watch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RevokingTheUser_EndsTheirSolWithinASecond()
    {
        ExternalTool.Require(IpmiTestApp.Ipmitool, "ipmitool");
        await FreshBootAsync();
        using var sol = PtyConsole.Start(IpmiTestApp.Ipmitool, [.. Common("otto", "17", "OPERATOR"), "sol", "activate"]);
        var at = await sol.WaitForAsync("[SOL Session operational");
        await sol.SendAsync("\r");
        at = await sol.WaitForAsync("sim-target login: ", at);
        Assert.NotNull(Sol.Active);

        // The second counts from the server's revocation (SessionRevocation.Revoked), not from before the HTTP call that causes it.
        var revocation = app.Factory.Services.GetRequiredService<KvmPortal.Auth.SessionRevocation>();
        var revoked = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRevoked(object? sender, string user)
        {
            if (user == "otto")
            {
                revoked.TrySetResult(Stopwatch.GetTimestamp());
            }
        }

        revocation.Revoked += OnRevoked;
        try
        {
            using (var disable = await app.Admin.PostAsync(new Uri("/api/users/disable?name=otto&disabled=true", UriKind.Relative), null))
            {
                Assert.True(disable.IsSuccessStatusCode);
            }

            var revokedAt = await revoked.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await IpmiTestApp.WaitUntilAsync(() => Sol.Active is null, "the SOL payload to end");
            var took = Stopwatch.GetElapsedTime(revokedAt);
            output.WriteLine($"ipmi_sol_revocation_to_closed_ms: {took.TotalMilliseconds:0}");
            Assert.True(took < TimeSpan.FromSeconds(1), $"the SOL payload ended {took.TotalMilliseconds:0} ms after the revocation");

            // Nothing typed reaches the port any more, and the port's output no longer reaches ipmitool.
            var sent = Port.BytesSent;
            var mark = sol.Output.Length;
            try
            {
                await sol.SendAsync("root\r");
            }
            catch (IOException)
            {
                // ipmitool has exited already: the server told it the session ended (IpmiSolRevocationTests)
            }

            await app.Atx.PowerAsync(AtxPowerAction.ResetHard, wait: true, CancellationToken.None);
            await IpmiTestApp.WaitUntilAsync(() => Encoding.UTF8.GetString(Port.Log.ReadTail(4096)).Contains("sim-target login: ", StringComparison.Ordinal) &&
                Encoding.UTF8.GetString(Port.Log.ReadTail(4096)).Contains("Simulated BIOS", StringComparison.Ordinal), "the target to boot again");
            await app.WaitUntilIdleAsync();
            Assert.Equal(sent, Port.BytesSent);
            Assert.DoesNotContain("Simulated BIOS", sol.Output[mark..], StringComparison.Ordinal);
        }
        finally
        {
            revocation.Revoked -= OnRevoked;
            using var enable = await app.Admin.PostAsync(new Uri("/api/users/disable?name=otto&disabled=false", UriKind.Relative), null);
        }

        var sessions = await AuditRows.OfAsync(app.Factory.Services, AuditActions.SerialSession);
        Assert.Contains(sessions, r => r.User == "otto" && r.Details!.EndsWith("(IPMI Serial-over-LAN: session ended: revoked)", StringComparison.Ordinal));
    }

    /// <summary>Resets the target so its serial console is at a fresh login prompt (the shell's state is shared by the class's tests).</summary>
    private async Task FreshBootAsync()
    {
        await app.EnsurePowerAsync(on: true);
        var boots = app.Target.BootCount;
        await app.Atx.PowerAsync(AtxPowerAction.ResetHard, wait: true, CancellationToken.None);
        await IpmiTestApp.WaitUntilAsync(() => app.Target.BootCount > boots, "the target to reboot");
        await app.WaitUntilIdleAsync();
        await IpmiTestApp.WaitUntilAsync(() => Encoding.UTF8.GetString(Port.Log.ReadTail(64)).EndsWith("sim-target login: ", StringComparison.Ordinal), "the login prompt");
    }

    private string[] Common(string user, string suite, string privilege = "ADMINISTRATOR") => app.IpmitoolLogin(user, suite, privilege);

    private Task<string> RunAsync(string user, string suite, params string[] command) => IpmiTestApp.IpmitoolAsync(Common(user, suite), command);
}
