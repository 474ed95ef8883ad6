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

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static unsafe partial int ClockGetTime(int clock, Timespec* value);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
