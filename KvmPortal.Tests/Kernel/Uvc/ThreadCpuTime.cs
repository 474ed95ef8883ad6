using System.Globalization;

namespace KvmPortal.Tests.Kernel.Uvc;

/// <summary>CPU time of this process's threads with given names (/proc/self/task/*/comm and schedstat), e.g. KvmPortal's video threads.</summary>
internal static class ThreadCpuTime
{
    public static TimeSpan Of(params string[] threadNames)
    {
        long nanoseconds = 0;
        foreach (string task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                string comm = File.ReadAllText(Path.Combine(task, "comm")).Trim();
                if (threadNames.Contains(comm, StringComparer.Ordinal))
                {
                    nanoseconds += long.Parse(File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
                // the thread ended meanwhile
            }
        }

        return TimeSpan.FromTicks(nanoseconds / 100);
    }
}
