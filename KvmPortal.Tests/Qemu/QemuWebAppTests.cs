using System.Net;
using System.Text.RegularExpressions;
using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hardware.Msd;
using KvmPortal.Hardware.Qemu;
using KvmPortal.Hardware.Video;
using KvmPortal.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Qemu;

/// <summary>
/// The Qemu profile inside the web app: registered with AddKvmQemu after the app's own hardware (as the lead will wire it),
/// and driven only through the REST API: upload and attach the test ISO, power on, read the banner from <c>/api/streamer/snapshot</c>
/// by OCR, type "hello" with <c>/api/hid/print</c>, power off, and the snapshot goes offline.
/// </summary>
[Trait("Category", "Qemu")]
public sealed partial class QemuWebAppTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task SnapshotShowsTheBootedIsoAndTheTypedEchoThenGoesOffline()
    {
        QemuTestTools.RequireTools();
        using var app = new KvmAppFactory();
        using var factory = app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.Configure<QemuOptions>(o =>
            {
                o.Enabled = true;
                o.StartVm = true;
                o.QemuBinary = QemuTestTools.QemuBinary;
                o.QmpSocket = Path.Combine(_dir.Path, "qmp.sock");
                o.MemoryMb = 64;
                o.ScreendumpDirectory = _dir.Path;
            });
            services.AddKvmQemu();
        }));
        using var http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await LoginAsync(http);

        var services = factory.Services;
        Assert.IsType<QemuVideoSource>(services.GetRequiredService<IVideoSource>());
        Assert.IsType<QemuMassStorage>(services.GetRequiredService<IMassStorage>());
        Assert.IsType<QemuAtxPower>(services.GetRequiredService<IAtxPower>());
        Assert.IsType<QemuHidOutput>(services.GetRequiredService<IHidOutput>());

        // Everything below goes through PiKVM's REST API, as a script or integration would.
        var iso = Path.Combine(_dir.Path, "kvmtest.iso");
        await QemuTestTools.BuildTestIsoAsync(iso);
        await using (var body = File.OpenRead(iso))
        {
            using var content = new StreamContent(body);
            await PostOkAsync(http, "/api/msd/write?image=kvmtest.iso", content);
        }

        await PostOkAsync(http, "/api/msd/set_params?image=kvmtest.iso&cdrom=1");
        await PostOkAsync(http, "/api/msd/set_connected?connected=1");
        await PostOkAsync(http, "/api/atx/power?action=on&wait=1");

        var banner = await WaitForSnapshotTextAsync(http, "PORTAL TEST BOOT");
        output.WriteLine("snapshot after boot:\n" + banner);
        using (var text = new StringContent("hello"))
        {
            await PostOkAsync(http, "/api/hid/print?keymap=en-us", text);
        }

        var echoed = await WaitForSnapshotTextAsync(http, "TYPED: hello");
        output.WriteLine("snapshot after typing:\n" + echoed);

        await PostOkAsync(http, "/api/atx/power?action=off_hard&wait=1");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        HttpStatusCode status;
        do
        {
            using var response = await http.GetAsync(new Uri("/api/streamer/snapshot", UriKind.Relative), timeout.Token);
            status = response.StatusCode;
        }
        while (status == HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        using var placeholder = await http.GetAsync(new Uri("/api/streamer/snapshot?allow_offline=1", UriKind.Relative));
        Assert.Equal("false", placeholder.Headers.GetValues("X-UStreamer-Online").Single());
    }

    private static async Task PostOkAsync(HttpClient http, string path, HttpContent? content = null)
    {
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path}: {(int)response.StatusCode} {body}");
        Assert.Contains("\"ok\":true", body, StringComparison.Ordinal);
    }

    private static async Task LoginAsync(HttpClient http)
    {
        var path = new Uri("/Account/Login?returnUrl=%2F", UriKind.Relative);
        var html = await http.GetStringAsync(path);
        var token = TokenPattern().Match(html);
        Assert.True(token.Success, "no antiforgery token on the login page");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = "admin",
            ["Input.Password"] = KvmAppFactory.AdminPassword,
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        });
        using var response = await http.PostAsync(path, form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private async Task<string> WaitForSnapshotTextAsync(HttpClient http, string expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var last = "";
        var jpeg = Path.Combine(_dir.Path, "snapshot.jpg");
        while (!timeout.IsCancellationRequested)
        {
            using var response = await http.GetAsync(new Uri("/api/streamer/snapshot", UriKind.Relative), timeout.Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
                await File.WriteAllBytesAsync(jpeg, await response.Content.ReadAsByteArrayAsync(timeout.Token), timeout.Token);
                var (code, text, error) = await QemuTestTools.RunAsync("/usr/bin/tesseract", [jpeg, "stdout", "--psm", "6"]);
                Assert.True(code == 0, "tesseract failed: " + error);
                last = text;
                if (last.Contains(expected, StringComparison.Ordinal))
                {
                    return last;
                }
            }

            await Task.Delay(250, timeout.Token);
        }

        Assert.Fail($"\"{expected}\" never appeared in a snapshot; last OCR text:\n{last}");
        return last;
    }
}
