namespace KvmPortal.Hardware.Processes;

/// <summary>The outcome of <see cref="ChildProcessService.RunAsync"/>: a tool that ran to its end.</summary>
/// <param name="ExitCode">The exit code (128 + the signal number when a signal ended it).</param>
/// <param name="StandardOutput">Everything the tool wrote to standard output.</param>
/// <param name="StandardError">Everything the tool wrote to standard error.</param>
public sealed record ChildProcessResult(int ExitCode, string StandardOutput, string StandardError);
