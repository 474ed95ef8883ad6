namespace KvmPortal.Tests.Vnc;

/// <summary>The VNC test classes share one app (one VNC port, one simulated target) and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class VncTests : ICollectionFixture<VncTestApp>
{
    public const string Name = "vnc";
}
