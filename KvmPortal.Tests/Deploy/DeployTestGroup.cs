namespace KvmPortal.Tests.Deploy;

/// <summary>The deployment tests share one publish and one debootstrap cache and are heavy: they run one after another.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DeployTestGroup
{
    public const string Name = "Deploy";
}
