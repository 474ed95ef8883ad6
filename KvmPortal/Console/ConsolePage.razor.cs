using KvmPortal.Auth;
using KvmPortal.Hid;
using KvmPortal.Video;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace KvmPortal.Console;

/// <summary>
/// The console page's wiring: opens the console's door of the input gate for this circuit, starts the browser side
/// (<c>js/console.js</c>: picture, keyboard and mouse capture), and reacts to what it reports (refusals, figures, capture, touch).
/// </summary>
public sealed partial class ConsolePage
{

    private ElementReference screen;
    private IJSObjectReference? module;
    private IJSObjectReference? console;
    private DotNetObjectReference<ConsoleInput>? inputRef;
    private ConsoleSession? session;
    private ConsoleInput? input;
    private VideoStats? stats;
    private string? refusal;
    private bool oneToOne;
    private bool captured;
    private string? menu;
    private bool keyboard;
    private string keymap = "en-us";
    private string codec = "h264";

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || !RendererInfo.IsInteractive)
        {
            return;
        }

        var user = (await AuthenticationState).User;
        session = new ConsoleSession(
            user.Identity?.Name ?? "?",
            user.FindAll(System.Security.Claims.ClaimTypes.Role).Select(c => c.Value).FirstOrDefault() ?? "",
            user.HasClaim(Permissions.ClaimType, Permissions.Control),
            user.HasClaim(Permissions.ClaimType, Permissions.Admin),
            null,
            Time.GetUtcNow());
        input = new ConsoleInput(Gate.OpenConsole(session));
        input.Client.Tap = MacroRecording;
        input.Client.Refused += OnRefused;
        input.VideoStatsReceived += OnStats;
        input.CaptureChanged += OnCapture;
        input.Touched += OnTouched;
        MacroRecording.Changed += OnRecordingChanged;
        Circuit.Input = input;
        Circuit.Session = session;
        Presence.Join(session);
        inputRef = DotNetObjectReference.Create(input);
        module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/console.js");
        console = await module.InvokeAsync<IJSObjectReference>("start", screen, inputRef, new { relativeMouse = false, user = session.UserName });
        codec = await module.InvokeAsync<string>("preferredCodec", session.UserName);
        StateHasChanged();
    }

    private async Task SetRelativeAsync(bool relative)
    {
        if (console is not null)
        {
            await console.InvokeVoidAsync("setRelative", relative);
        }
    }

    private async Task FullscreenAsync()
    {
        if (console is not null)
        {
            await console.InvokeVoidAsync("fullscreen");
        }
    }

    private async Task SetCodecAsync(string value)
    {
        codec = value;
        if (console is not null)
        {
            await console.InvokeAsync<string>("setCodec", value);
        }
    }

    private async Task ScreenshotAsync()
    {
        if (console is not null)
        {
            await console.InvokeVoidAsync("screenshot", $"kvmportal-{Time.GetUtcNow():yyyyMMdd-HHmmss}.png");
        }
    }

    private async Task CopyTextAsync()
    {
        menu = null;
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true, CloseOnEscapeKey = true };
        await Dialogs.ShowAsync<KvmPortal.Video.Ocr.CopyTextDialog>("Copy text from screen", options);
    }

    private void OnRefused(object? sender, string reason) => _ = InvokeAsync(() =>
    {
        refusal = reason;
        StateHasChanged();
    });

    private void OnStats(object? sender, VideoStats value) => _ = InvokeAsync(() =>
    {
        stats = value;
        StateHasChanged();
    });

    private void ShowKeyboard()
    {
        keyboard = true;
        menu = null;
    }

    // A finger on the picture: a phone or tablet has no keyboard of its own, so bring up the on-screen one.
    private void OnTouched(object? sender, EventArgs e) => _ = InvokeAsync(() =>
    {
        keyboard = true;
        StateHasChanged();
    });

    private void OnCapture(object? sender, bool value) => _ = InvokeAsync(() =>
    {
        captured = value;
        StateHasChanged();
    });

    private void OnRecordingChanged(object? sender, EventArgs e) => _ = InvokeAsync(StateHasChanged);

    public async ValueTask DisposeAsync()
    {
        MacroRecording.Changed -= OnRecordingChanged;
        if (input is not null)
        {
            input.Client.Refused -= OnRefused;
            input.VideoStatsReceived -= OnStats;
            input.CaptureChanged -= OnCapture;
            input.Touched -= OnTouched;
            input.Dispose();
            Circuit.Input = null;
            Circuit.Session = null;
        }

        if (session is not null)
        {
            Presence.Leave(session);
        }

        try
        {
            if (console is not null)
            {
                await console.InvokeVoidAsync("dispose");
                await console.DisposeAsync();
            }

            if (module is not null)
            {
                await module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone; nothing to clean up there.
        }

        inputRef?.Dispose();
    }
}
