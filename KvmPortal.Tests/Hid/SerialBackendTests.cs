using System.Runtime.InteropServices;
using KvmPortal.Hardware.Hid;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace KvmPortal.Tests.Hid;

/// <summary>The Serial backend against a fake MCU on the master side of a pseudo-terminal.</summary>
public sealed partial class SerialBackendTests : IDisposable
{
    private static readonly string[] RawFlags = ["cs8", "-parenb", "-cstopb", "-icanon", "-echo", "-isig", "-crtscts", "-ixon", "-opost", "cread"];
    private readonly int _master;
    private readonly string _slave;

    public SerialBackendTests()
    {
        _master = PosixOpenPt(0x2 | 0x100 | 0x800); // O_RDWR | O_NOCTTY | O_NONBLOCK
        Assert.True(_master >= 0);
        Assert.Equal(0, GrantPt(_master));
        Assert.Equal(0, UnlockPt(_master));
        _slave = Marshal.PtrToStringUTF8(PtsName(_master))!;
    }

    public void Dispose() => _ = TestLibc.Close(_master);

    [Fact]
    public async Task Serial_SendsFramesAndLearnsLedsFromPong()
    {
        using var output = new SerialHidOutput(new HidOptions { SerialDevice = _slave }, TimeProvider.System, NullLogger<SerialHidOutput>.Instance);
        var frames = new List<byte[]>();
        using var stop = new CancellationTokenSource();
        var mcu = Task.Run(() => FakeMcu(frames, stop.Token));
        try
        {
            await WaitFor(() => output.State.Online && output.State.CapsLock, () => frames.Count > 0);
            output.SendKey("KeyA", true);
            output.SendMouseButton(MouseButtons.Left, true);
            output.ReleaseAll();
            await WaitFor(() => Snapshot(frames).Any(f => f[1] == McuProtocol.ClearHid), () => true);
            // Pings, and a request resent after a late answer, may sit between the frames of interest.
            var sent = Snapshot(frames).Where(f => f[1] is not (McuProtocol.Ping or McuProtocol.Repeat))
                .Select(Convert.ToHexString).Distinct().Select(Convert.FromHexString).ToList();
            Assert.Equal(McuProtocol.KeyFrame(1, true), sent[0]);
            Assert.Equal(McuProtocol.MouseButtonFrame(MouseButtons.Left, MouseButtons.Left), sent[1]);
            Assert.Equal(McuProtocol.Frame(McuProtocol.ClearHid), sent[2]);
            Assert.True(output.State.HostConnected);
        }
        finally
        {
            await stop.CancelAsync();
            await mcu;
        }
    }

    [Fact]
    public async Task Serial_PutsTheLineInRaw8N1_AtTheConfiguredSpeed()
    {
        // System.IO.Ports (libSystem.IO.Ports.Native.so from the runtime package) sets the termios; stty reads them back from the pty.
        using var output = new SerialHidOutput(new HidOptions { SerialDevice = _slave, SerialBaudRate = 57600 }, TimeProvider.System, NullLogger<SerialHidOutput>.Instance);
        var frames = new List<byte[]>();
        using var stop = new CancellationTokenSource();
        var mcu = Task.Run(() => FakeMcu(frames, stop.Token));
        try
        {
            await WaitFor(() => output.State.Online, () => frames.Count > 0);
            using var stty = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stty", ["-F", _slave, "-a"]) { RedirectStandardOutput = true })!;
            var settings = (await stty.StandardOutput.ReadToEndAsync()).Split([' ', ';', '\n'], StringSplitOptions.RemoveEmptyEntries);
            await stty.WaitForExitAsync();
            Assert.Equal(0, stty.ExitCode);
            Assert.Contains("57600", settings);
            Assert.All(RawFlags, flag => Assert.Contains(flag, settings));
        }
        finally
        {
            await stop.CancelAsync();
            await mcu;
        }
    }

    private static List<byte[]> Snapshot(List<byte[]> frames)
    {
        lock (frames)
        {
            return [.. frames];
        }
    }

    private async Task FakeMcu(List<byte[]> frames, CancellationToken token)
    {
        var pong = new byte[] { 0x34, 0x80 | 0x01, 0, 0, 0, 0, 0, 0 }; // PONG: Caps Lock on, outputs online
        var crc = McuProtocol.Crc16(pong.AsSpan(0, 6));
        pong[6] = (byte)(crc >> 8);
        pong[7] = (byte)crc;
        var buffer = new byte[64];
        var pending = new List<byte>();
        while (!token.IsCancellationRequested)
        {
            var n = TestLibc.Read(_master, buffer, buffer.Length);
            if (n <= 0)
            {
                await Task.Delay(5, CancellationToken.None);
                continue;
            }

            pending.AddRange(buffer.Take((int)n));
            while (pending.Count >= 8)
            {
                var frame = pending.Take(8).ToArray();
                pending.RemoveRange(0, 8);
                Assert.Equal(McuProtocol.Crc16(frame.AsSpan(0, 6)), (frame[6] << 8) | frame[7]);
                lock (frames)
                {
                    frames.Add(frame);
                }

                _ = TestLibc.Write(_master, pong, pong.Length);
            }
        }
    }

    private static async Task WaitFor(Func<bool> condition, Func<bool> progress)
    {
        for (var i = 0; i < 3000 && !condition(); i++) // up to 30 s: instant when idle, slow on a loaded 2-core machine
        {
            await Task.Delay(10);
        }

        Assert.True(progress(), "the fake MCU received nothing");
        Assert.True(condition());
    }

    [LibraryImport("libc", EntryPoint = "posix_openpt")]
    private static partial int PosixOpenPt(int flags);

    [LibraryImport("libc", EntryPoint = "grantpt")]
    private static partial int GrantPt(int fd);

    [LibraryImport("libc", EntryPoint = "unlockpt")]
    private static partial int UnlockPt(int fd);

    [LibraryImport("libc", EntryPoint = "ptsname")]
    private static partial nint PtsName(int fd);
}
