namespace KvmPortal.Tests.Deploy;

/// <summary>What a finished program left: exit code and both output streams.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);
