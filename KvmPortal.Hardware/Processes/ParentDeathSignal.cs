namespace KvmPortal.Hardware.Processes;

/// <summary>The signal a child process receives when KvmPortal dies without stopping it (crash, SIGKILL, OOM kill).</summary>
public enum ParentDeathSignal
{
    /// <summary>SIGKILL: cannot be caught or ignored, so the child is certainly gone (the default).</summary>
    Kill = 9,

    /// <summary>
    /// SIGTERM: for children that end quickly and cleanly on it and have state worth closing properly (QEMU flushes and closes
    /// its disk images on SIGTERM, SIGKILL would be pulling the plug on a guest with writes in flight).
    /// </summary>
    Terminate = 15,
}
