namespace KvmPortal.Tests.Console;

/// <summary>
/// The latency benchmark runs alone, after the parallel tests: a second app and browser working next to it would distort its
/// figures, and its load would slow the other browser tests on a small machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone";
}
