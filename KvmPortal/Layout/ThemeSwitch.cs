using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;

namespace KvmPortal.Layout;

/// <summary>Per circuit: the signed-in user's light/dark choice, loaded from and saved to <see cref="ThemePreferences"/> (and the theme cookie).</summary>
public sealed class ThemeSwitch(ThemePreferences preferences, AuthenticationStateProvider authentication, IJSRuntime js)
{
    private string? _user;

    public event EventHandler? Changed;

    public bool Dark { get; private set; }

    public async Task LoadAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        _user = state.User.Identity?.IsAuthenticated == true ? state.User.Identity.Name : null;
        if (_user is not null)
        {
            Dark = await preferences.GetAsync(_user, CancellationToken.None) ?? false;
        }
    }

    public async Task ToggleAsync()
    {
        Dark = !Dark;
        Changed?.Invoke(this, EventArgs.Empty);
        if (_user is not null)
        {
            await preferences.SetAsync(_user, Dark, CancellationToken.None);
        }

        await using var module = await js.InvokeAsync<IJSObjectReference>("import", "./js/theme.js");
        await module.InvokeVoidAsync("remember", KvmTheme.Cookie, Dark ? "dark" : "light");
    }
}
