using Bunit;
using KvmPortal.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Services;

namespace KvmPortal.Tests.Support;

/// <summary>
/// A bUnit context set up for MudBlazor components on the server renderer (bunit 2.15.2): services first, renderer info last,
/// because setting the renderer info builds the service provider. Disposed asynchronously (MudBlazor's services are only IAsyncDisposable).
/// </summary>
public class KvmBunitContext : BunitContext, IAsyncLifetime
{
    public KvmBunitContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();

        // Components write audit rows through AuditContext; tests that check rows register the real log after this.
        Services.AddSingleton<IAuditLog>(AuditLog);
        Services.AddHttpContextAccessor();
        Services.AddScoped<AuditContext>();
    }

    /// <summary>Gets the snackbar messages components showed.</summary>
    protected IEnumerable<Snackbar> Snackbars => Services.GetRequiredService<ISnackbar>().ShownSnackbars;

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    /// <summary>Gets the audit rows components wrote (unless a test registered another <see cref="IAuditLog"/>).</summary>
    public RecordingAuditLog AuditLog { get; } = new();

    /// <summary>Renders as an interactive server component. Register every service (authorization included) before calling this:
    /// setting the renderer info builds the service provider.</summary>
    protected IRenderedComponent<TComponent> RenderInteractive<TComponent>(Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : IComponent
    {
        Renderer.SetRendererInfo(new RendererInfo("Server", true));
        return parameters is null ? Render<TComponent>() : Render(parameters);
    }
}
