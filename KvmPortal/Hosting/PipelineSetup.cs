using KvmPortal.Account;
using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Security;
using KvmPortal.Security.Hardening;
using KvmPortal.Video;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hosting;

/// <summary>The HTTP pipeline and endpoint map.</summary>
public static class PipelineSetup
{
    public static WebApplication UseKvmPortalPipeline<TApp>(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var tls = app.Services.GetRequiredService<IOptions<TlsOptions>>().Value;
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
        app.UseCookiePolicy(); // Secure on every cookie of an HTTPS request (sign-in, antiforgery, theme, ...)

        // Public browser code (no user data): served before authentication, like the static assets below.
        app.UseFrontEndAssets();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<IdleSessionMiddleware>(); // notes activity; ends a session idle past the timeout before the check below
        app.UseMiddleware<RevocationMiddleware>(); // after authorization: sees header, token and Redfish callers too
        app.UseMiddleware<RequiredActionMiddleware>();
        app.UseWebSockets();
        app.UseStreamShutdown(); // WebSockets and MJPEG end when the app stops instead of holding the stop for its whole timeout
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapAccountEndpoints();
        IdleSessionMiddleware.MapActivityPing(app);
        Account.AccountFormEndpoints.MapAccountForms(app);
        KvmPortal.SignIn.SignInRegistration.MapKvmSignIn(app);
        app.MapAuditEndpoints();
        app.MapKvmApi();
        app.MapStreamerApi();
        Vnc.VncWebSocketEndpoint.MapKvmVnc(app);
        app.MapRazorComponents<TApp>().AddInteractiveServerRenderMode();
        return app;
    }
}
