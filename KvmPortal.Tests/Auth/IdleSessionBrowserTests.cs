using System.Diagnostics;
using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Auth;

/// <summary>
/// The session idle timeout in Chromium (30 s here): the same user in two browsers; one keeps pressing keys on the console, the other only
/// watches. The watching one is signed out server-side (its console goes to the login page saying so); the typing one stays; the end is audited.
/// </summary>
[Trait("Category", "Browser")]
public sealed class IdleSessionBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(chromium, ("oscar", Roles.Operator))
{
    /// <summary>
    /// The idle timeout. Each browser's idle time starts with its last page or asset request of the sign-in, before its console is
    /// interactive; the circuit that makes it interactive is not activity. So the timeout must outlast a sign-in on a loaded machine:
    /// at 8 s the first browser was once signed out before its console became interactive (no marker within 30 s, under a loaded run).
    /// 30 s is the browser tests' own limit for one step (Playwright's timeout), so a sign-in slower than this fails anyway.
    /// </summary>
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    protected override KvmAppFactory Configure(KvmAppFactory app) =>
        app.With("KvmPortal:Security:SessionIdleTimeout", IdleTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture))
            .With("KvmPortal:Security:SessionRevalidation", "00:00:01");

    [Fact]
    public async Task TheWatchingBrowser_IsSignedOutAfterTheIdleTimeout_TheTypingOneStays()
    {
        var (_, typing) = await OpenConsoleAsync("oscar", Desktop);
        using var stop = new CancellationTokenSource();
        var keys = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await typing.Keyboard.PressAsync("Shift");
                await Task.Delay(400);
            }
        });
        var (_, watching) = await OpenConsoleAsync("oscar", Phone);
        var idleSince = Stopwatch.StartNew();

        await BrowserSignIn.WaitForPathAsync(watching, "/Account/Login", (IdleTimeout * 3).TotalSeconds);
        await watching.Locator("[data-testid=signed-out]").WaitForAsync();
        output.WriteLine($"watching browser at the login page {idleSince.Elapsed.TotalSeconds:0.0} s after its last page load (timeout {IdleTimeout.TotalSeconds:0} s)");
        Assert.True(idleSince.Elapsed >= IdleTimeout - TimeSpan.FromSeconds(1), "signed out before the idle timeout");

        stop.Cancel();
        await keys;
        await GoToAsync(typing, "/account");
        Assert.Equal("/account", new Uri(typing.Url).AbsolutePath);

        await App.Services.GetRequiredService<IAuditLog>().FlushAsync(CancellationToken.None); // the row is queued with the sign-out
        var rows = await App.Services.GetRequiredService<AuditQuery>().FindAsync(new AuditFilter("oscar", AuditActions.Logout), CancellationToken.None);
        Assert.Contains(rows, r => r.Details?.Contains("idle timeout", StringComparison.Ordinal) == true);
    }
}
