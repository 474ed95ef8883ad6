using System.Runtime.InteropServices;

namespace KvmPortal.Hardware.Processes;

/// <summary>kill(2) for the graceful SIGTERM (.NET's Process.Kill only sends SIGKILL).</summary>
internal static partial class ProcessSignals
{
    public const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
