using System.Net.Sockets;
using System.Text;
using KvmPortal.Hardware.Serial;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace KvmPortal.Tests.Serial;

/// <summary>The Device backend on a real unix socket (as QEMU, ser2net or socat offer a line): bytes both ways, and a peer that goes
/// away and comes back is reconnected by itself, with the same subscriber seeing its output again.</summary>
public sealed class DeviceSerialConsoleTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task UnixSocketPort_CarriesBytes_AndReconnectsAfterThePeerComesBack()
    {
        var path = Path.Combine(_dir.Path, "line.sock");
        var port = new SerialPortOptions { Name = "line", Device = "unix:" + path };
        var options = new SerialOptions { Backend = SerialBackend.Device, ReopenIntervalMs = 100 };
        await using var console = new DeviceSerialConsole(port, options, new SerialRingLog(Path.Combine(_dir.Path, "logs"), "line", 1024 * 1024),
            TimeProvider.System, NullLogger<DeviceSerialConsole>.Instance);
        console.Start();
        await WaitUntilAsync(() => console.State.Detail?.StartsWith("Cannot open", StringComparison.Ordinal) == true);
        Assert.Contains("Cannot open", console.State.Detail, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SerialUnavailableException>(async () => await console.WriteAsync("x"u8.ToArray(), CancellationToken.None));
        using var subscription = console.Subscribe(0);

        for (var round = 1; round <= 2; round++)
        {
            File.Delete(path);
            using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(1);
            using var peer = await listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(10));
            await WaitUntilAsync(() => console.State.Connected);

            await peer.SendAsync(Encoding.UTF8.GetBytes($"round {round} ✓\r\n"));
            var seen = new StringBuilder();
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            {
                while (!seen.ToString().Contains($"round {round} ✓", StringComparison.Ordinal))
                {
                    seen.Append(Encoding.UTF8.GetString((await subscription.Output.ReadAsync(timeout.Token)).Span));
                }
            }

            await console.WriteAsync("ping\r"u8.ToArray(), CancellationToken.None);
            var buffer = new byte[5];
            var read = 0;
            while (read < 5)
            {
                read += await peer.ReceiveAsync(buffer.AsMemory(read));
            }

            Assert.Equal("ping\r", Encoding.ASCII.GetString(buffer));
            listener.Close(); // first, so the port's retry finds nobody until the next round listens
            peer.Shutdown(SocketShutdown.Both);
            peer.Close();
            await WaitUntilAsync(() => !console.State.Connected);
        }

        Assert.Equal(["round 1 ✓", "round 2 ✓"], SerialLogText.Lines(console.Log.ReadRecords()).Select(l => l.Text));
        Assert.Equal(10, console.BytesSent);
    }

    public void Dispose() => _dir.Dispose();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition(), "condition not met within 30 s");
    }
}
