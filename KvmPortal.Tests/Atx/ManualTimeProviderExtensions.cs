using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Atx;

internal static class ManualTimeProviderExtensions
{
    /// <summary>
    /// Advances the clock with no SynchronizationContext on the thread, so that <c>ConfigureAwait(false)</c> continuations of the
    /// delays that fall due run inline, before this returns (under xunit's context they would be queued to the thread pool and race).
    /// </summary>
    public static void AdvanceInline(this ManualTimeProvider time, TimeSpan by)
    {
        var saved = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            time.Advance(by);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(saved);
        }
    }
}
