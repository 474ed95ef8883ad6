using System.Runtime.InteropServices;

namespace KvmPortal.Hardware.Video.Interop;

/// <summary>CPU time consumed by the calling thread (clock_gettime CLOCK_THREAD_CPUTIME_ID), for per-core benchmark figures.</summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static unsafe TimeSpan Now()
    {
        Timespec ts;
        if (ClockGetTime(ClockThreadCpuTimeId, &ts) != 0)
        {
            throw new InvalidOperationException("clock_gettime failed: " + Marshal.GetLastPInvokeErrorMessage());
        }

        return TimeSpan.FromTicks((ts.Seconds * TimeSpan.TicksPerSecond) + (ts.Nanoseconds / 100));
    }

    /// <summary>User + system CPU time of all waited-for child processes (getrusage RUSAGE_CHILDREN).</summary>
    public static unsafe TimeSpan ChildrenCpu()
    {
        long* usage = stackalloc long[18]; // struct rusage: 144 bytes on 64-bit Linux; ru_utime at 0, ru_stime at 16
        if (GetRusage(-1, usage) != 0)
        {
            throw new InvalidOperationException("getrusage failed: " + Marshal.GetLastPInvokeErrorMessage());
        }

        long micros = (usage[0] * 1_000_000) + usage[1] + (usage[2] * 1_000_000) + usage[3];
        return TimeSpan.FromTicks(micros * 10);
    }

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static unsafe partial int GetRusage(int who, long* usage);

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static unsafe partial int ClockGetTime(int clock, Timespec* value);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
