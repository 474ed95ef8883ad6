using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Audit;

/// <summary>
/// One started app for all tests of a class (instead of one per test). Only for classes whose tests write different audit actions,
/// so that one test's "exactly one row" never sees another's; xunit runs a class's tests one after another.
/// </summary>
public sealed class AuditAppFixture : IDisposable
{
    public KvmAppFactory App { get; } = new KvmAppFactory().Start();

    public void Dispose() => App.Dispose();
}
