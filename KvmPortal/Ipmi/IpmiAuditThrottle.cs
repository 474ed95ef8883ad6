using System.Collections.Concurrent;
using System.Net;

namespace KvmPortal.Ipmi;

/// <summary>
/// Limits audit rows about unauthenticated refusals (failed logins, refused set-ups) to <see cref="PerMinute"/> per source address, so
/// a UDP flood cannot fill the audit trail. Refusals over the limit are still counted in the metrics and logged once per minute.
/// </summary>
public sealed class IpmiAuditThrottle(TimeProvider time)
{
    public const int PerMinute = 30;
    private const int MaxAddresses = 1024;
    private readonly ConcurrentDictionary<IPAddress, (DateTimeOffset Start, int Count)> _windows = new();

    /// <summary>True when a row for this address may be written now.</summary>
    public bool Allow(IPAddress address)
    {
        var now = time.GetUtcNow();
        if (_windows.Count >= MaxAddresses)
        {
            foreach (var old in _windows.Where(p => now - p.Value.Start > TimeSpan.FromMinutes(1)).Select(p => p.Key).ToList())
            {
                _windows.TryRemove(old, out _);
            }
        }

        var window = _windows.AddOrUpdate(address, _ => (now, 1), (_, w) => now - w.Start > TimeSpan.FromMinutes(1) ? (now, 1) : (w.Start, w.Count + 1));
        return window.Count <= PerMinute;
    }
}
