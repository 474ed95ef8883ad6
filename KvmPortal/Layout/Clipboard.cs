using Microsoft.JSInterop;

namespace KvmPortal.Layout;

/// <summary>Copies text to the browser's clipboard (js/clipboard.js: the Clipboard API, or a selection over plain HTTP).</summary>
public sealed class Clipboard(IJSRuntime js) : IAsyncDisposable
{
    private IJSObjectReference? _module;

    public async Task<bool> CopyAsync(string text)
    {
        try
        {
            _module ??= await js.InvokeAsync<IJSObjectReference>("import", "./js/clipboard.js");
            return await _module.InvokeAsync<bool>("copy", text);
        }
        catch (JSException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The browser is gone.
            }
        }
    }
}
