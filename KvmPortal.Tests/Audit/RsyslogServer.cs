using System.Diagnostics;
using KvmPortal.Hardware.Processes;
using System.Net;
using System.Net.Sockets;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Audit;

/// <summary>
/// Debian's rsyslogd (package rsyslog, installed by the test script) in the foreground with a private config: imudp and imtcp on
/// loopback ports, every message written to a file in a temporary folder as "MSGID STRUCTURED-DATA MSG" (fields rsyslog parsed
/// from RFC 5424). Stopped on dispose.
/// </summary>
internal sealed class RsyslogServer : IDisposable
{
    public const string Executable = "/usr/sbin/rsyslogd";

    private readonly ChildProcess _process;
    private readonly string _folder;

    public RsyslogServer()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: run the README's test command (deploy/test.sh), which installs Debian's rsyslog.");
        }

        _folder = Directory.CreateTempSubdirectory("kvmportal-rsyslog-").FullName;
        UdpPort = FreeUdpPort();
        TcpPort = FreeTcpPort();
        OutputFile = Path.Combine(_folder, "received.log");
        var config = Path.Combine(_folder, "rsyslog.conf");
        File.WriteAllText(config, $"""
            global(workDirectory="{_folder}")
            module(load="imudp")
            module(load="imtcp")
            input(type="imudp" address="127.0.0.1" port="{UdpPort}")
            input(type="imtcp" address="127.0.0.1" port="{TcpPort}")
            template(name="kvmtest" type="string" string="%msgid% %structured-data% %msg%\n")
            *.* action(type="omfile" file="{OutputFile}" template="kvmtest")
            """);
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList = { "-n", "-f", config, "-i", Path.Combine(_folder, "rsyslogd.pid") },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        _process = TestProcess.Start("rsyslogd", start);
        try
        {
            WaitForTcp();
        }
        catch
        {
            Dispose(); // the constructor failed, so no caller will: stop rsyslogd and remove the folder here
            throw;
        }
    }

    public int UdpPort { get; }

    public int TcpPort { get; }

    public string OutputFile { get; }

    /// <summary>Waits (up to 15 s) until the output holds a line containing <paramref name="text"/>; returns that line.</summary>
    public async Task<string> WaitForLineAsync(string text)
    {
        for (var i = 0; i < 150; i++)
        {
            if (File.Exists(OutputFile))
            {
                var line = (await File.ReadAllLinesAsync(OutputFile)).FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
                if (line is not null)
                {
                    return line;
                }
            }

            await Task.Delay(100);
        }

        var seen = File.Exists(OutputFile) ? await File.ReadAllTextAsync(OutputFile) : "(no output file)";
        throw new Xunit.Sdk.XunitException($"rsyslog did not receive '{text}' within 15 s. Received: {seen}");
    }

    public void Dispose()
    {
        _process.DisposeAsync().AsTask().GetAwaiter().GetResult(); // SIGTERM, SIGKILL after 5 s
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Under /tmp; not worth failing a test for.
        }
    }

    private void WaitForTcp()
    {
        for (var i = 0; i < 100; i++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"rsyslogd exited with {_process.Exited.Result}: {_process.Process.StandardError.ReadToEnd()}");
            }

            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, TcpPort);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }

        throw new InvalidOperationException("rsyslogd did not open its TCP port within 10 s");
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int FreeUdpPort()
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }
}
