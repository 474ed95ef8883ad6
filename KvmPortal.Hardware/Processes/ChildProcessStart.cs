using System.Diagnostics;

namespace KvmPortal.Hardware.Processes;

/// <summary>What <see cref="ChildProcessService.Start"/> needs to start a long-running child and to stop it again.</summary>
public sealed class ChildProcessStart
{
    /// <summary>Initializes a new instance of the <see cref="ChildProcessStart"/> class.</summary>
    /// <param name="name">A short name for the logs ("qemu", "tesseract").</param>
    /// <param name="startInfo">
    /// The program, its arguments in <see cref="ProcessStartInfo.ArgumentList"/> (a single <see cref="ProcessStartInfo.Arguments"/>
    /// string is refused: it cannot be passed on safely), redirections, environment and working directory.
    /// </param>
    public ChildProcessStart(string name, ProcessStartInfo startInfo)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(startInfo);
        Name = name;
        StartInfo = startInfo;
    }

    /// <summary>Gets the name used in the logs.</summary>
    public string Name { get; }

    /// <summary>Gets the start information.</summary>
    public ProcessStartInfo StartInfo { get; }

    /// <summary>
    /// Gets or sets the graceful stop (QMP <c>quit</c> for QEMU). Null sends SIGTERM. Exceptions it throws are logged and end the
    /// graceful phase early; the child is then killed.
    /// </summary>
    public Func<CancellationToken, Task>? GracefulStop { get; set; }

    /// <summary>Gets or sets how long a stop waits after the graceful step before it kills the child (and its descendants).</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the signal the child receives when KvmPortal dies without stopping it.</summary>
    public ParentDeathSignal ParentDeathSignal { get; set; } = ParentDeathSignal.Kill;
}
