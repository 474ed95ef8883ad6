using KvmPortal.Account;
using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Security.Hardening;
using KvmPortal.Settings;
using KvmPortal.Video;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hosting;

/// <summary>The HTTP pipeline and endpoint map.</summary>
public static class PipelineSetup
{
    public static WebApplication UseKvmPortalPipeline<TApp>(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var tls = app.Services.GetRequiredService<IOptions<KvmPortalOptions>>().Value.Tls;
        if (tls.Enabled)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        app.UseKvmHardening();

        // Public browser code (no user data): served before authentication, like the static assets below.
        app.UseFrontEndAssets();
        app.UseAuthentication();
        app.UseMiddleware<RevocationMiddleware>();
        app.UseAuthorization();
        app.UseMiddleware<RequiredActionMiddleware>();
        app.UseWebSockets();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapAuditEndpoints();
        app.MapKvmApi();
        app.MapStreamerApi();
        Vnc.VncWebSocketEndpoint.MapKvmVnc(app);
        app.MapRazorComponents<TApp>().AddInteractiveServerRenderMode();
        return app;
    }
}
