using System.Diagnostics;
using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Auth;

/// <summary>
/// The session idle timeout in Chromium (8 s here): the same user in two browsers; one keeps pressing keys on the console, the other only
/// watches. The watching one is signed out server-side (its console goes to the login page saying so); the typing one stays; the end is audited.
/// </summary>
[Trait("Category", "Browser")]
public sealed class IdleSessionBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(chromium, ("oscar", Roles.Operator))
{
    protected override KvmAppFactory Configure(KvmAppFactory app) =>
        app.With("KvmPortal:Security:SessionIdleTimeout", "00:00:08").With("KvmPortal:Security:SessionRevalidation", "00:00:01");

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

        await BrowserSignIn.WaitForPathAsync(watching, "/Account/Login", 60);
        await watching.Locator("[data-testid=signed-out]").WaitForAsync();
        output.WriteLine($"watching browser at the login page {idleSince.Elapsed.TotalSeconds:0.0} s after its last page load (timeout 8 s)");
        Assert.True(idleSince.Elapsed >= TimeSpan.FromSeconds(7), "signed out before the idle timeout");

        stop.Cancel();
        await keys;
        await GoToAsync(typing, "/account");
        Assert.Equal("/account", new Uri(typing.Url).AbsolutePath);

        await App.Services.GetRequiredService<IAuditLog>().FlushAsync(CancellationToken.None); // the row is queued with the sign-out
        var rows = await App.Services.GetRequiredService<AuditQuery>().FindAsync(new AuditFilter("oscar", AuditActions.Logout), CancellationToken.None);
        Assert.Contains(rows, r => r.Details?.Contains("idle timeout", StringComparison.Ordinal) == true);
    }
}
