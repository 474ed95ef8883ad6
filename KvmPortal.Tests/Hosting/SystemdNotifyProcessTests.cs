using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using KvmPortal.Tests.Support;
using KvmPortal.Tests.Upgrade;
using Microsoft.Data.Sqlite;

namespace KvmPortal.Tests.Hosting;

/// <summary>
/// The real KvmPortal process under systemd's notify protocol: the test owns the NOTIFY_SOCKET (a unix datagram socket) and sets
/// WATCHDOG_USEC the way systemd does for <c>Type=notify</c> with <c>WatchdogSec=</c>. The data directory holds the EF Core 6
/// fixture, so READY=1 must wait for the backup and migration as well as for Kestrel.
/// </summary>
[Trait("Category", "Process")]
public sealed partial class SystemdNotifyProcessTests
{
    private static readonly string AppDll = Path.Combine(RepositoryRoot.Find(), "KvmPortal", "bin", "Debug", "net10.0", "KvmPortal.dll");

    [Fact]
    public async Task Ready_OnlyOnceMigratedAndListening_ThenPeriodicWatchdog_AndStoppingOnSigterm()
    {
        using var data = new TempDirectory();
        UpgradeFixture.CopyTo(data.Path);
        var socketPath = Path.Combine(data.Path, "notify.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        var port = FreeTcpPort.Next();
        var output = new List<string>();

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(AppDll);
        info.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["KvmPortal__DataDirectory"] = data.Path;
        info.Environment["KvmPortal__OverrideFile"] = Path.Combine(data.Path, "none.json");
        info.Environment["NOTIFY_SOCKET"] = socketPath;
        info.Environment["WATCHDOG_USEC"] = "600000"; // WatchdogSec=0.6: a ping every 300 ms
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Record(output, e.Data);
        process.ErrorDataReceived += (_, e) => Record(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var received = new List<(string Message, TimeSpan At)>();
            var clock = Stopwatch.StartNew();
            var ready = await ReceiveAsync(socket, received, clock, m => m.Contains("READY=1", StringComparison.Ordinal), TimeSpan.FromSeconds(90));
            Assert.True(ready, "no READY=1 within 90 s; got: " + string.Join(" | ", received.Select(r => r.Message)) + "\n" + Snapshot(output));

            // At READY=1 the database is already migrated and Kestrel answers, without any retry.
            var latest = typeof(KvmPortal.Data.KvmDbContext).Assembly.GetTypes()
                .Select(t => System.Reflection.CustomAttributeExtensions.GetCustomAttribute<Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute>(t)?.Id)
                .OfType<string>().Max(StringComparer.Ordinal);
            Assert.Contains(latest!, await LastMigrationAsync(Path.Combine(data.Path, "kvmportal.db")), StringComparison.Ordinal);
            using (var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) })
            {
                using var health = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            }

            Assert.DoesNotContain(received.SkipLast(1), r => r.Message.Contains("WATCHDOG=1", StringComparison.Ordinal));
            var readyAt = received[^1].At;
            var pings = 0;
            while (pings < 5 && await ReceiveAsync(socket, received, clock, m => m.Contains("WATCHDOG=1", StringComparison.Ordinal), TimeSpan.FromSeconds(10)))
            {
                pings++;
            }

            Assert.Equal(5, pings);
            var span = received[^1].At - readyAt;
            Assert.True(span < TimeSpan.FromSeconds(5), $"5 pings took {span.TotalSeconds:F1} s at a 300 ms interval");

            // journald-friendly console: "<priority>category[event id] message", no ANSI colours, no "info:" prefixes.
            var lines = Snapshot(output);
            Assert.Matches(JournalLine(), lines);
            Assert.Contains("Backed up the database", lines, StringComparison.Ordinal);
            Assert.DoesNotContain("info: ", lines, StringComparison.Ordinal);
            Assert.DoesNotContain("\u001b[", lines, StringComparison.Ordinal);

            Assert.Equal(0, Kill(process.Id, 15)); // SIGTERM, as systemctl stop sends
            Assert.True(await ReceiveAsync(socket, received, clock, m => m.Contains("STOPPING=1", StringComparison.Ordinal), TimeSpan.FromSeconds(30)), "no STOPPING=1");
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(exit.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    private static async Task<bool> ReceiveAsync(Socket socket, List<(string, TimeSpan)> received, Stopwatch clock, Func<string, bool> wanted, TimeSpan timeout)
    {
        var buffer = new byte[4096];
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
                var message = Encoding.UTF8.GetString(buffer, 0, n);
                received.Add((message, clock.Elapsed));
                if (wanted(message))
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<string> LastMigrationAsync(string database)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT max(MigrationId) FROM __EFMigrationsHistory";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static void Record(List<string> output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.Add(line);
            }
        }
    }

    private static string Snapshot(List<string> output)
    {
        lock (output)
        {
            return string.Join('\n', output);
        }
    }


    [System.Text.RegularExpressions.GeneratedRegex(@"(?m)^<[0-7]>KvmPortal\.[\w.]+\[\d+\] ")]
    private static partial System.Text.RegularExpressions.Regex JournalLine();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
