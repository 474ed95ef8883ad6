using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Api;

/// <summary>The API end to end on the simulated target: power, typing, an ISO uploaded and booted, power off.</summary>
public sealed class ApiEndToEndTests : IAsyncLifetime
{
    private readonly ApiTestApp _app = new(
        realSocket: false,
        ("KvmPortal:Atx:LongClickMs", "1500"),
        ("KvmPortal:Atx:BusyAfterClickMs", "200"),
        ("KvmPortal:Simulation:ForceOffHoldMs", "1000"),
        ("KvmPortal:Simulation:BootMediaReadMs", "100"));

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task PowerTypeUploadBootAndPowerOff_OnTheSimulatedTarget()
    {
        var client = _app[ApiTestApp.Operator];
        var target = _app.Factory.Services.GetRequiredService<SimulatedTarget>();

        await PostOkAsync(client, "/api/atx/power?action=on&wait=1");
        await WaitUntilAsync(() => target.IsPoweredOn && target.ScreenText.Trim().Length > 0, "the screen to show text after power on");
        using (var snapshot = await client.GetAsync(new Uri("/api/streamer/snapshot", UriKind.Relative)))
        {
            Assert.Equal(200, (int)snapshot.StatusCode);
            Assert.Equal("image/jpeg", snapshot.Content.Headers.ContentType?.MediaType);
        }

        using (var text = new StringContent("hello", Encoding.UTF8, "text/plain"))
        {
            using var printed = await client.PostAsync(new Uri("/api/hid/print", UriKind.Relative), text);
            Assert.Equal(200, (int)printed.StatusCode);
        }

        await WaitUntilAsync(() => target.ScreenText.Contains("hello", StringComparison.Ordinal), "\"hello\" on the screen");

        var iso = TestIso.Build(_app.Factory.DataDirectory);
        await using (var file = File.OpenRead(iso))
        {
            using var body = new StreamContent(file);
            body.Headers.ContentLength = new FileInfo(iso).Length;
            body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var written = await client.PostAsync(new Uri("/api/msd/write?image=rescue.iso", UriKind.Relative), body);
            Assert.Equal(200, (int)written.StatusCode);
            var image = (await ApiTestApp.ReadJsonAsync(written)).GetProperty("result").GetProperty("image");
            Assert.Equal(new FileInfo(iso).Length, image.GetProperty("written").GetInt64());
        }

        await PostOkAsync(client, "/api/msd/set_params?image=rescue.iso&cdrom=1");
        await PostOkAsync(client, "/api/msd/set_connected?connected=1");
        await PostOkAsync(client, "/api/atx/power?action=reset_hard&wait=1");
        await WaitUntilAsync(() => target.ScreenText.Contains("Booting from rescue.iso", StringComparison.Ordinal), "\"Booting from rescue.iso\"");

        await PostOkAsync(client, "/api/atx/power?action=off_hard&wait=1");
        await WaitUntilAsync(() => !target.IsPoweredOn, "the target to be off");
        using var offline = await client.GetAsync(new Uri("/api/streamer/snapshot", UriKind.Relative));
        Assert.Equal(503, (int)offline.StatusCode);
    }

    private static async Task PostOkAsync(HttpClient client, string path)
    {
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(200 == (int)response.StatusCode, $"{path}: {(int)response.StatusCode} {text}");
    }

    /// <summary>Waits for an observable outcome of an asynchronous step (the simulated target runs on its own timers); not a timing assertion.</summary>
    private static Task WaitUntilAsync(Func<bool> condition, string what) => Poll.UntilAsync(condition, what);
}
