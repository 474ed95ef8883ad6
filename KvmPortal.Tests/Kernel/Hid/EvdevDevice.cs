using System.Runtime.InteropServices;
using KvmPortal.Hardware.Interop;

namespace KvmPortal.Tests.Kernel.Hid;

/// <summary>An opened /dev/input/eventN of the guest's USB host side, found through /proc/bus/input/devices.</summary>
internal sealed class EvdevDevice : IDisposable
{
    private readonly int _fd;

    private EvdevDevice(string path, int fd)
    {
        Path = path;
        _fd = fd;
    }

    public string Path { get; }

    /// <summary>Lists (event node, EV bitmask) of input devices whose name contains <paramref name="nameFragment"/>.</summary>
    public static List<(string Node, ulong EvBits)> Find(string nameFragment)
    {
        var found = new List<(string, ulong)>();
        foreach (var block in File.ReadAllText("/proc/bus/input/devices").Split("\n\n"))
        {
            var lines = block.Split('\n');
            var name = lines.FirstOrDefault(l => l.StartsWith("N: Name=", StringComparison.Ordinal));
            var handlers = lines.FirstOrDefault(l => l.StartsWith("H: Handlers=", StringComparison.Ordinal));
            var ev = lines.FirstOrDefault(l => l.StartsWith("B: EV=", StringComparison.Ordinal));
            if (name is null || handlers is null || ev is null || !name.Contains(nameFragment, StringComparison.Ordinal))
            {
                continue;
            }

            var node = handlers["H: Handlers=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .FirstOrDefault(h => h.StartsWith("event", StringComparison.Ordinal));
            if (node is not null)
            {
                found.Add(("/dev/input/" + node, Convert.ToUInt64(ev["B: EV=".Length..].Trim(), 16)));
            }
        }

        return found;
    }

    public static EvdevDevice Open(string path)
    {
        var fd = Libc.Open(path, Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        if (fd < 0)
        {
            throw new IOException($"open {path}: errno {Marshal.GetLastPInvokeError()}");
        }

        return new EvdevDevice(path, fd);
    }

    /// <summary>Discards queued events.</summary>
    public void Drain() => ReadAvailable(new List<InputEvent>());

    /// <summary>Reads events (EV_SYN and EV_MSC left out) until <paramref name="done"/> holds or the timeout passes.</summary>
    public unsafe List<InputEvent> ReadUntil(Func<List<InputEvent>, bool> done, TimeSpan timeout)
    {
        var events = new List<InputEvent>();
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while (!done(events) && TimeProvider.System.GetUtcNow() < deadline)
        {
            var pfd = new Libc.PollFd { Fd = _fd, Events = Libc.POLLIN };
            if (Libc.Poll(&pfd, 1, 100) > 0)
            {
                ReadAvailable(events);
            }
        }

        return events;
    }

    public unsafe void Write(params InputEvent[] events)
    {
        foreach (var e in events)
        {
            var bytes = e.ToBytes();
            fixed (byte* p = bytes)
            {
                if (Libc.Write(_fd, p, InputEvent.Size) != InputEvent.Size)
                {
                    throw new IOException($"write {Path}: errno {Marshal.GetLastPInvokeError()}");
                }
            }
        }
    }

    public void Dispose() => _ = Libc.Close(_fd);

    private unsafe void ReadAvailable(List<InputEvent> into)
    {
        var buffer = new byte[InputEvent.Size * 64];
        while (true)
        {
            nint n;
            fixed (byte* p = buffer)
            {
                n = Libc.Read(_fd, p, (nuint)buffer.Length);
            }

            if (n <= 0)
            {
                return;
            }

            for (var i = 0; i + InputEvent.Size <= n; i += InputEvent.Size)
            {
                var e = InputEvent.Parse(buffer.AsSpan(i, InputEvent.Size));
                if (e.Type is not (InputEvent.EvSyn or 0x04))
                {
                    into.Add(e);
                }
            }
        }
    }
}
