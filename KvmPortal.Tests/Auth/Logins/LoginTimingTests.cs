using System.Diagnostics;
using System.Globalization;
using KvmPortal.Tests.Console;
using KvmPortal.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Auth.Logins;

/// <summary>
/// Issue #18's acceptance figure: logging in as an unknown user and as a known user with a wrong password cost the same (median
/// difference under 5 ms over 50 tries), so timing does not tell which user names exist. Runs alone: parallel tests' load on a
/// small machine is noise of the same size as a password hash.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class LoginTimingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task UnknownAndKnownUser_TakeTheSameTime_MedianDifferenceUnder5ms()
    {
        // PBKDF2 at 20,000 rounds instead of 100,000: one hash still costs far more than the 5 ms bound (asserted below), so a path that
        // skipped it would fail, while the noise of a loaded shared machine (which scales with the hash) shrinks five-fold.
        using var app = new KvmAppFactory().UseRealSocket()
            .With("KvmPortal:Security:LockoutAttempts", "100").With("KvmPortal:Security:AccountLockoutAttempts", "100000")
            .WithTestServices(s => s.Configure<PasswordHasherOptions>(o => o.IterationCount = 20_000))
            .Start();
        using var client = AddressedClient.From(app.ServerAddress, "127.0.0.6");
        for (var i = 0; i < 5; i++)
        {
            await client.LoginAsync("api-login", "nobody", TestPasswords.New()); // warm-up: JIT, connection, dummy hash
            await client.LoginAsync("api-login", "admin", TestPasswords.New());
        }

        // Interleaved pairs (alternating which goes first), so load on the shared machine hits both alike; the statistic is the median
        // of the per-pair differences. The old code answered an unknown user without hashing: ~0.7 ms against ~58 ms.
        var unknown = new List<double>();
        var known = new List<double>();
        var differences = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            var nobody = "nobody" + (i % 7).ToString(CultureInfo.InvariantCulture);
            double u, k;
            if (i % 2 == 0)
            {
                u = await TimeAsync(() => client.LoginAsync("api-login", nobody, TestPasswords.New()));
                k = await TimeAsync(() => client.LoginAsync("api-login", "admin", TestPasswords.New()));
            }
            else
            {
                k = await TimeAsync(() => client.LoginAsync("api-login", "admin", TestPasswords.New()));
                u = await TimeAsync(() => client.LoginAsync("api-login", nobody, TestPasswords.New()));
            }

            unknown.Add(u);
            known.Add(k);
            differences.Add(k - u);
        }

        var difference = Median(differences);
        var ofMedians = Median(known) - Median(unknown);
        foreach (var line in new[]
        {
            $"login_median_ms_unknown_user: {Median(unknown):F2}",
            $"login_median_ms_known_user: {Median(known):F2}",
            $"login_median_difference_ms: {ofMedians:F2}",
            $"login_median_paired_difference_ms: {difference:F2}",
        })
        {
            output.WriteLine(line);
            System.Console.WriteLine(line);
        }

        Assert.True(Median(unknown) > 10, $"a login costs only {Median(unknown):F2} ms: too little to tell a skipped hash from noise");
        // The assertion is on the paired statistic: the machine's load changes from second to second (other test processes), which
        // makes the two separate medians jump by tens of ms together with it, while both logins of a pair see the same load.
        Assert.True(Math.Abs(difference) < 5, $"median of the paired known-minus-unknown differences {difference:F2} ms");
    }

    private static async Task<double> TimeAsync(Func<Task<(int Status, string Answer)>> login)
    {
        var start = Stopwatch.GetTimestamp();
        var (status, _) = await login();
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        Assert.Equal(403, status);
        return elapsed;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }
}
