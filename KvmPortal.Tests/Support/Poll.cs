namespace KvmPortal.Tests.Support;

/// <summary>Waits for something a test started to happen (the app, a simulated target, a child process); never a timing assertion.</summary>
public static class Poll
{
    /// <summary>Checks <paramref name="condition"/> every 50 ms; fails the test naming <paramref name="what"/> after <paramref name="seconds"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, double seconds = 20)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
