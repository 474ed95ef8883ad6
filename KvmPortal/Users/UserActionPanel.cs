using Microsoft.AspNetCore.Components;

namespace KvmPortal.Users;

/// <summary>
/// A per-user panel a feature adds to the users page (for example the VNC password), so the Users folder does not reference the
/// features: each gets a button in the user's row (<c>data-testid="{Key}-open"</c>) that opens <see cref="Component"/> below the
/// table with a <c>UserName</c> parameter.
/// </summary>
/// <param name="Key">A short id for the button's test id.</param>
/// <param name="Title">The button and the panel's heading.</param>
/// <param name="Component">The Razor component; it takes <c>[Parameter] string UserName</c>.</param>
public sealed record UserActionPanel(string Key, string Title, Type Component)
{
    public static IServiceCollection Add<TComponent>(IServiceCollection services, string key, string title)
        where TComponent : IComponent
        => services.AddSingleton(new UserActionPanel(key, title, typeof(TComponent)));
}
