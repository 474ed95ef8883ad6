using System.Net;
using System.Security.Cryptography;
using KvmPortal.Auth;
using KvmPortal.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Msd;

/// <summary>
/// The console's media panel in Chromium against the simulated target: an upload that resumes (part already on the server from an
/// earlier attempt, then a chunk lost on the way), checked by the SHA-256 the panel computes; a download by URL from a loopback web
/// server this test runs (loopback is allow-listed for this app only: the default policy refuses it); attach as CD-ROM and the target
/// boots from it; detach; an image too small for a CD-ROM explained and attached as a flash drive; not enough space said in words.
/// </summary>
[Trait("Category", "Browser")]
public sealed class MediaPanelBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : BrowserTest(chromium, ("oscar", Roles.Operator))
{
    private const int Mib = 1024 * 1024;
    private long? _reserveBytes;

    protected override KvmAppFactory Configure(KvmAppFactory app)
    {
        app.With("KvmPortal:Hardening:OutboundAllowList:0", "127.0.0.1/32"); // the test's own web server
        return _reserveBytes is { } reserve ? app.With("KvmPortal:Msd:ReservedFreeSpaceBytes", reserve.ToString(System.Globalization.CultureInfo.InvariantCulture)) : app;
    }

    [Fact]
    public async Task Upload_ResumesWhereTheServerStopped_ByUrl_AttachBoots_Detach()
    {
        var target = Target;
        target.SetPowerButton(true);
        target.SetPowerButton(false);
        var page = await OpenMediaAsync();

        // Part of disk.img is on the server already (an earlier upload that stopped), sent with total= so it is kept as a partial.
        var local = Path.Combine(App.DataDirectory, "disk.img");
        var bytes = new byte[3 * Mib];
        new Random(7).NextBytes(bytes);
        await File.WriteAllBytesAsync(local, bytes);
        using (var http = ApiClient())
        using (var first = await http.PostAsync($"/api/msd/write?image=disk.img&offset=0&total={bytes.Length}", new ByteArrayContent(bytes, 0, Mib)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        await page.Locator("[data-testid=partial][data-name='disk.img']").GetByText("1.0 MiB received").WaitForAsync();
        await page.EvaluateAsync("""
            () => { window.__notes = []; new MutationObserver(() => {
                const s = document.querySelector('[data-testid=upload-status]'); if (s) window.__notes.push(s.textContent); })
              .observe(document.body, { childList: true, subtree: true, characterData: true }); }
            """);
        var writes = 0;
        await page.RouteAsync("**/api/msd/write?*", async route =>
        {
            if (Interlocked.Increment(ref writes) == 1)
            {
                await route.AbortAsync("connectionreset"); // the first chunk is lost on the way
            }
            else
            {
                await route.ContinueAsync();
            }
        });
        await page.Locator("[data-testid=upload-input]").SetInputFilesAsync(local);
        await page.Locator("[data-testid=image][data-name='disk.img']").WaitForAsync();
        await page.UnrouteAllAsync();
        var notes = string.Join("\n", await page.EvaluateAsync<string[]>("() => window.__notes"));
        Assert.Contains("resumed: the server already had 1.0 MiB", notes, StringComparison.Ordinal);
        Assert.Contains("connection lost, resuming (attempt 1)", notes, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("[data-testid=partial][data-name='disk.img']").CountAsync());
        await page.Locator("[data-testid=image][data-name='disk.img'] [data-testid=checksum]").ClickAsync();
        var sha = await page.Locator("[data-testid=image][data-name='disk.img'] [data-testid=image-sha256]").InnerTextAsync();
        Assert.Equal("sha256 " + Convert.ToHexStringLower(SHA256.HashData(bytes)), sha.Trim());

        // By URL from a web server on loopback; a missing file is said in words, not JSON.
        var iso = TestIso.Build(App.DataDirectory, "netboot.iso");
        await using var web = await LoopbackFilesAsync(iso);
        await page.Locator("#media-url").FillAsync($"{web.Urls.First()}/images/missing.iso");
        await page.Locator("[data-testid=url-download]:not([disabled])").ClickAsync();
        var refusal = await page.Locator(".mud-snackbar").GetByText("could not be downloaded").InnerTextAsync();
        Assert.DoesNotContain("{", refusal, StringComparison.Ordinal);
        await page.Locator("#media-url").FillAsync($"{web.Urls.First()}/images/netboot.iso");
        await page.Locator("[data-testid=url-download]:not([disabled])").ClickAsync();
        await page.Locator("[data-testid=image][data-name='netboot.iso']").WaitForAsync();
        await page.Locator(".mud-snackbar").GetByText("Downloaded netboot.iso").WaitForAsync();

        // Attach as CD-ROM: the target sees it and boots from it after a reset; detach: the target's drive is empty.
        await page.Locator("[data-testid=image][data-name='netboot.iso'] [data-testid=attach-cd]").ClickAsync();
        await page.Locator("[data-testid=drive-state]").GetByText("Attached: netboot.iso as CD-ROM").WaitForAsync();
        await WaitUntilAsync(() => target.MediaName == "netboot.iso");
        await ShotsAsync(page);
        await ConsoleMenu.OpenAsync(page, "power");
        await page.Locator("[data-testid=power-reset]").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes" }).ClickAsync();
        await WaitUntilAsync(() => target.ScreenText.Contains("Booting from netboot.iso", StringComparison.Ordinal));
        await ConsoleMenu.OpenAsync(page, "media");
        await page.Locator("[data-testid=detach]:not([disabled])").ClickAsync();
        await page.Locator("[data-testid=drive-state]").GetByText("(not attached)").WaitForAsync();
        await WaitUntilAsync(() => target.MediaName is null);
    }

    [Fact]
    public async Task ImageTooSmallForACd_IsExplained_AndAttachedAsAFlashDriveInstead()
    {
        var target = Target;
        var page = await OpenMediaAsync();
        var tiny = Path.Combine(App.DataDirectory, "tiny.img");
        await File.WriteAllBytesAsync(tiny, new byte[4096]);

        await page.Locator("[data-testid=upload-input]").SetInputFilesAsync(tiny);
        await page.Locator("[data-testid=image][data-name='tiny.img'] [data-testid=too-small-for-cd]").WaitForAsync();
        await page.Locator("[data-testid=image][data-name='tiny.img'] [data-testid=attach-cd]").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await dialog.GetByText("Too small for a CD-ROM").WaitForAsync();
        Assert.Contains("smaller than 600 KiB", await dialog.InnerTextAsync(), StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "media-too-small.png");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Attach as flash drive" }).ClickAsync();

        await page.Locator("[data-testid=drive-state]").GetByText("Attached: tiny.img as flash drive").WaitForAsync();
        await WaitUntilAsync(() => target.MediaName == "tiny.img");
    }

    [Fact]
    public async Task NotEnoughSpace_SaysHowMuchIsNeededAndWhatToDo_AndKeepsNothing()
    {
        _reserveBytes = 1L << 50; // more than any disk has: every upload is refused up front (total= is known)
        var page = await OpenMediaAsync();
        var local = Path.Combine(App.DataDirectory, "big.img");
        await File.WriteAllBytesAsync(local, new byte[3 * Mib]);

        await page.Locator("[data-testid=upload-input]").SetInputFilesAsync(local);
        var message = await page.Locator(".mud-snackbar").GetByText("Upload of big.img failed").InnerTextAsync();
        output.WriteLine(message);
        Assert.Contains("it needs 3.0 MiB but only 0 bytes is free for images: delete an image you no longer need, then upload it again.", message, StringComparison.Ordinal);
        Assert.DoesNotContain("{", message, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("[data-testid=image]").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=partial]").CountAsync());
    }

    private async Task<IPage> OpenMediaAsync()
    {
        var (_, page) = await OpenConsoleAsync("oscar");
        await ConsoleMenu.OpenAsync(page, "media");
        return page;
    }

    /// <summary>The panel with two images, one attached (messages closed first), at 1600x900 and on a phone.</summary>
    private static async Task ShotsAsync(IPage page)
    {
        // Closed inside the page in one step: a message that hides by itself (after 5 s) between a count here and a click there
        // left Playwright waiting 30 s for a button that was gone (failed on a loaded machine).
        await page.EvaluateAsync("() => document.querySelectorAll('.mud-snackbar button').forEach(b => b.click())");
        await page.Locator("[data-testid=transfer]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.WaitForFunctionAsync("() => document.querySelector('.mud-snackbar') === null");
        await Screenshots.TakeAsync(page, "media-panel.png");
        await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await Screenshots.TakeAsync(page, "media-panel-phone.png");
        Assert.Empty(await OutsideViewportAsync(page, "[data-testid=menu-drawer] button")); // every image action reachable on a phone
        await page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);
    }

    private HttpClient ApiClient()
    {
        var http = new HttpClient { BaseAddress = App.ServerAddress };
        http.DefaultRequestHeaders.Add("X-KVMD-User", "oscar");
        http.DefaultRequestHeaders.Add("X-KVMD-Passwd", TestPasswords.User);
        return http;
    }

    /// <summary>A plain web server on loopback serving one file under /images/ (stopped by the caller's await using).</summary>
    private static async Task<WebApplication> LoopbackFilesAsync(string file)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var web = builder.Build();
        web.MapGet("/images/{name}", (string name) => name == Path.GetFileName(file)
            ? Results.File(file, "application/octet-stream")
            : Results.NotFound());
        await web.StartAsync();
        return web;
    }
}
