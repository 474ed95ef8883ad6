using System.Globalization;
using KvmPortal.Hardware.Processes;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Tests.Api;
using KvmPortal.Video.Ocr;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Pikvm;

/// <summary>
/// PiKVM's OCR (kvmd/apps/kvmd/api/streamer.py, ocr.py) with Debian's tesseract against the simulated target's text console:
/// <c>GET /api/streamer/ocr</c>'s shape, <c>snapshot?ocr=1</c> as text/plain with the snapshot headers, the crop region, and
/// ValidatorError for bad parameters. Words are chosen so that a misread letter elsewhere does not matter.
/// </summary>
public sealed class PikvmOcrTests(ApiTestApp app) : IClassFixture<ApiTestApp>
{
    [Fact]
    public async Task State_HasKvmdShape()
    {
        using var response = await app[ApiTestApp.Viewer].GetAsync(new Uri("/api/streamer/ocr", UriKind.Relative));
        Assert.Equal(200, (int)response.StatusCode);
        var ocr = (await ApiTestApp.ReadJsonAsync(response)).GetProperty("result").GetProperty("ocr");
        Assert.True(ocr.GetProperty("enabled").GetBoolean(), "tesseract-ocr is installed by deploy/test.sh");
        var langs = ocr.GetProperty("langs");
        Assert.Equal(["eng"], langs.GetProperty("default").EnumerateArray().Select(l => l.GetString()));
        Assert.Contains("eng", langs.GetProperty("available").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task WholeFrame_ContainsTheBanner()
    {
        await FrameSizeAsync();
        using var response = await app[ApiTestApp.Viewer].GetAsync(new Uri("/api/streamer/snapshot?ocr=1&ocr_langs=eng", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(200 == (int)response.StatusCode, text);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("X-UStreamer-Width"));
        Assert.Contains("Simulated", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("keyboard", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("bootable", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CropRegion_LimitsTheText()
    {
        var (width, height) = await FrameSizeAsync();
        var firstRow = (height / 25) + 2; // the console has 25 rows: the banner line only
        var path = string.Create(CultureInfo.InvariantCulture, $"/api/streamer/snapshot?ocr=1&ocr_left=0&ocr_top=0&ocr_right={width}&ocr_bottom={firstRow}");
        using var response = await app[ApiTestApp.Viewer].GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(200 == (int)response.StatusCode, text);
        Assert.Contains("Simulated", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("keyboard", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("simulated x86", text, StringComparison.OrdinalIgnoreCase);

        // The second and third lines only ("Memory" is often misread in this stretched font), with sides past the frame clamped to it (kvmd's rule).
        path = string.Create(CultureInfo.InvariantCulture, $"/api/streamer/snapshot?ocr=1&ocr_top={height / 25}&ocr_right={width * 4}&ocr_bottom={(height * 3 / 25) + 2}");
        using var lower = await app[ApiTestApp.Viewer].GetAsync(new Uri(path, UriKind.Relative));
        text = await lower.Content.ReadAsStringAsync();
        Assert.True(200 == (int)lower.StatusCode, text);
        Assert.Contains("keyboard", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("simulated x86", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Simulated BI", text, StringComparison.Ordinal);
        Assert.DoesNotContain("bootable", text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("ocr_langs=klingon")]
    [InlineData("ocr_langs=eng,xx")]
    [InlineData("ocr_left=abc")]
    [InlineData("ocr_bottom=1e99")]
    [InlineData("ocr_left=100&ocr_right=50")]
    [InlineData("ocr_top=100000")]
    public async Task BadParameters_Give400ValidatorError(string parameters)
    {
        await FrameSizeAsync(); // the empty-region cases need a frame to check against
        using var response = await app[ApiTestApp.Viewer].GetAsync(new Uri("/api/streamer/snapshot?ocr=1&" + parameters, UriKind.Relative));
        Assert.Equal(400, (int)response.StatusCode);
        var body = await ApiTestApp.ReadJsonAsync(response);
        Assert.False(body.GetProperty("ok").GetBoolean());
        Assert.Equal("ValidatorError", body.GetProperty("result").GetProperty("error").GetString());
    }

    [Fact]
    public async Task OcrFlagMalformed_Gives400()
    {
        using var response = await app[ApiTestApp.Viewer].GetAsync(new Uri("/api/streamer/snapshot?ocr=maybe", UriKind.Relative));
        Assert.Equal(400, (int)response.StatusCode);
    }

    [Fact]
    public async Task WithoutTesseract_501_AndStateDisabled()
    {
        await FrameSizeAsync();
        var ocr = app.Factory.Services.GetRequiredService<TesseractOcr>();
        var original = ocr.TesseractPath;
        ocr.TesseractPath = "/nonexistent/tesseract";
        try
        {
            using var response = await app[ApiTestApp.Viewer].GetAsync(new Uri("/api/streamer/snapshot?ocr=1", UriKind.Relative));
            Assert.Equal(501, (int)response.StatusCode);
            Assert.Equal("OcrError", (await ApiTestApp.ReadJsonAsync(response)).GetProperty("result").GetProperty("error").GetString());
            using var state = await app[ApiTestApp.Viewer].GetAsync(new Uri("/api/streamer/ocr", UriKind.Relative));
            var body = (await ApiTestApp.ReadJsonAsync(state)).GetProperty("result").GetProperty("ocr");
            Assert.False(body.GetProperty("enabled").GetBoolean());
            Assert.Equal(0, body.GetProperty("langs").GetProperty("available").GetArrayLength());
        }
        finally
        {
            ocr.TesseractPath = original;
        }
    }

    [Fact]
    public async Task SecondConcurrentOcr_503Busy()
    {
        await FrameSizeAsync();
        var ocr = app.Factory.Services.GetRequiredService<TesseractOcr>();
        var processes = app.Factory.Services.GetRequiredService<ChildProcessService>();
        var directory = Directory.CreateTempSubdirectory("kvmportal-ocr-test-");
        var slow = Path.Combine(directory.FullName, "slow-ocr");
        await File.WriteAllTextAsync(slow, "#!/bin/sh\nsleep 3\necho slow text\n");
        File.SetUnixFileMode(slow, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var original = ocr.TesseractPath;
        ocr.TesseractPath = slow;
        try
        {
            var first = app[ApiTestApp.Viewer].GetAsync(new Uri("/api/streamer/snapshot?ocr=1", UriKind.Relative));
            await PikvmWs.WaitUntilAsync(() => processes.Running.Any(c => c.Name == "slow-ocr"));
            using (var second = await app[ApiTestApp.Admin].GetAsync(new Uri("/api/streamer/snapshot?ocr=1", UriKind.Relative)))
            {
                Assert.Equal(503, (int)second.StatusCode);
                Assert.Equal("OcrBusyError", (await ApiTestApp.ReadJsonAsync(second)).GetProperty("result").GetProperty("error").GetString());
            }

            using var firstResponse = await first;
            Assert.Equal(200, (int)firstResponse.StatusCode);
            Assert.Equal("slow text\n", await firstResponse.Content.ReadAsStringAsync());
        }
        finally
        {
            ocr.TesseractPath = original;
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Powers the simulated target on (once per class) and waits for its banner in the streamer's frames.</summary>
    private async Task<(int Width, int Height)> FrameSizeAsync()
    {
        var target = app.Factory.Services.GetRequiredService<SimulatedTarget>();
        if (!target.IsPoweredOn)
        {
            await PikvmWs.PowerOnAsync(app);
        }

        await PikvmWs.WaitUntilAsync(() => target.ScreenText.Contains("mass storage", StringComparison.Ordinal));
        await Task.Delay(200); // a few frames at the simulated 60 fps, so the newest snapshot shows that text
        using var response = await app[ApiTestApp.Viewer].GetAsync(new Uri("/api/streamer/snapshot", UriKind.Relative));
        Assert.Equal(200, (int)response.StatusCode);
        return (int.Parse(response.Headers.GetValues("X-UStreamer-Width").Single(), CultureInfo.InvariantCulture),
                int.Parse(response.Headers.GetValues("X-UStreamer-Height").Single(), CultureInfo.InvariantCulture));
    }
}
