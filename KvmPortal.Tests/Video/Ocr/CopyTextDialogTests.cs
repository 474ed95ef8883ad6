using Bunit;
using KvmPortal.Hardware.Processes;
using KvmPortal.Tests.Support;
using KvmPortal.Video.Ocr;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;

namespace KvmPortal.Tests.Video.Ocr;

/// <summary>
/// The copy-text dialog's states with a real streamer (a frame from a fake source, really JPEG-encoded) and a real TesseractOcr
/// running a stand-in tesseract script through ChildProcessService: loading while it runs, the text when it ends, and a plain
/// message when tesseract is not installed.
/// </summary>
public sealed class CopyTextDialogTests : KvmBunitContext, IDisposable
{
    private readonly StreamerHarness _video = new(realEncoder: true);
    private readonly ChildProcessService _processes = new();
    private readonly TempDirectory _directory = new();
    private readonly TesseractOcr _ocr;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _frames;

    public CopyTextDialogTests()
    {
        _ocr = new TesseractOcr(_processes, NullLogger<TesseractOcr>.Instance) { DataDirectory = Path.Combine(_directory.Path, "tessdata") };
        Directory.CreateDirectory(_ocr.DataDirectory);
        File.WriteAllText(Path.Combine(_ocr.DataDirectory, "eng.traineddata"), "");
        Services.AddSingleton(_ocr);
        Services.AddSingleton(new ScreenTextReader(_video.Streamer, _ocr, NullLogger<ScreenTextReader>.Instance));
        _frames = Task.Run(async () =>
        {
            // The streamer captures while someone watches: keep frames coming, as a real source does.
            while (!_stop.IsCancellationRequested)
            {
                _video.Source.PushFrame(StreamerHarness.Picture(200));
                await Task.Delay(50);
            }
        });
    }

    [Fact]
    public async Task WhileTesseractRuns_ShowsLoading_ThenTheText()
    {
        var release = Path.Combine(_directory.Path, "release");
        _ocr.TesseractPath = Script("fake-tesseract", $"while [ ! -e '{release}' ]; do sleep 0.05; done\nprintf 'Simulated BIOS v1.0\\n'\n");
        var dialog = await OpenAsync();

        dialog.WaitForElement("[data-testid=copy-text-loading]", TimeSpan.FromSeconds(10));
        Assert.True(dialog.Find("[data-testid=copy-text-copy]").HasAttribute("disabled"));
        await File.WriteAllTextAsync(release, "");

        dialog.WaitForAssertion(() => Assert.Empty(dialog.FindAll("[data-testid=copy-text-loading]")), TimeSpan.FromSeconds(10));
        Assert.True(dialog.FindAll("[data-testid=copy-text-result]").Count == 1, dialog.Markup);
        Assert.Equal("Simulated BIOS v1.0", dialog.Find("textarea#kvm-copy-text").GetAttribute("value") ?? dialog.Find("textarea#kvm-copy-text").TextContent);
        Assert.False(dialog.Find("[data-testid=copy-text-copy]").HasAttribute("disabled"));
        Assert.Empty(dialog.FindAll("[data-testid=copy-text-language]")); // one language: no choice
    }

    [Fact]
    public async Task WithTwoLanguages_OffersTheChoice()
    {
        File.WriteAllText(Path.Combine(_ocr.DataDirectory!, "deu.traineddata"), "");
        File.WriteAllText(Path.Combine(_ocr.DataDirectory!, "osd.traineddata"), "");
        _ocr.TesseractPath = Script("fake-tesseract", "echo \"$@\"\n");
        var dialog = await OpenAsync();

        dialog.WaitForAssertion(() => Assert.Empty(dialog.FindAll("[data-testid=copy-text-loading]")), TimeSpan.FromSeconds(10));
        Assert.True(dialog.FindAll("[data-testid=copy-text-result]").Count == 1, dialog.Markup);
        Assert.Single(dialog.FindAll("[data-testid=copy-text-language]"));
        Assert.Contains("-l eng", dialog.Find("textarea#kvm-copy-text").GetAttribute("value") ?? "", StringComparison.Ordinal);
        Assert.Equal(["deu", "eng"], dialog.Services.GetRequiredService<ScreenTextReader>().Languages);
    }

    [Fact]
    public async Task WithoutTesseract_APlainMessage_AndNoCopy()
    {
        _ocr.TesseractPath = Path.Combine(_directory.Path, "no-such-tesseract");
        var dialog = await OpenAsync();

        dialog.WaitForElement("[data-testid=copy-text-message]", TimeSpan.FromSeconds(10));
        Assert.Contains(ScreenTextReader.NotInstalled, dialog.Find("[data-testid=copy-text-message]").TextContent, StringComparison.Ordinal);
        Assert.Empty(dialog.FindAll("textarea"));
        Assert.Empty(dialog.FindAll("[data-testid=copy-text-again]"));
        Assert.True(dialog.Find("[data-testid=copy-text-copy]").HasAttribute("disabled"));
    }

    void IDisposable.Dispose()
    {
        _stop.Cancel();
        _frames.GetAwaiter().GetResult();
        _stop.Dispose();
        _processes.Dispose();
        _video.Dispose();
        _directory.Dispose();
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync()
    {
        var provider = RenderInteractive<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<CopyTextDialog>("Copy text from screen"));
        return provider;
    }

    private string Script(string name, string body)
    {
        var path = Path.Combine(_directory.Path, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
