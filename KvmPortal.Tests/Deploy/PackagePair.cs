namespace KvmPortal.Tests.Deploy;

/// <summary>A package and the next commit's package of the same architecture (for the upgrade).</summary>
public sealed record PackagePair(string First, string FirstVersion, string Second, string SecondVersion);
