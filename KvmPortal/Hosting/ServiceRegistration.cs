using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Configuration;
using KvmPortal.Data;
using KvmPortal.Health;
using KvmPortal.Hosting.Systemd;
using KvmPortal.Ipmi;
using KvmPortal.Macros;
using KvmPortal.Pikvm;
using KvmPortal.Security;
using KvmPortal.Security.Hardening;
using KvmPortal.Users;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace KvmPortal.Hosting;

/// <summary>Registers KvmPortal's services: options, data, identity, authorization, UI, health.</summary>
public static class ServiceRegistration
{
    public static WebApplicationBuilder AddKvmPortalServices(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddKvmConfiguration(configuration);
        services.AddKvmSecurityOptions(configuration);
        services.AddKnownOptions<TlsOptions, TlsOptionsValidator>(configuration, TlsOptions.SectionName);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new DataDirectory(DataDirectory.Resolve(
            sp.GetRequiredService<IOptions<KvmPortalOptions>>().Value.DataDirectory,
            sp.GetRequiredService<IHostEnvironment>().IsDevelopment())));

        services.AddDataProtection().SetApplicationName("KvmPortal");
        DataProtectionSetup.SilenceUnencryptedKeyWarning(builder.Logging);
        services.AddSingleton<IConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>, DataProtectionSetup>();
        services.AddDbContext<KvmDbContext>((sp, o) =>
            o.UseSqlite(DatabaseStartup.ConnectionString(sp.GetRequiredService<DataDirectory>().Path)));
        services.AddHostedService<DatabaseInitializer>();
        services.AddScoped<FirstRunSeeder>();
        services.AddScoped<Account.AuthenticatorEnrolment>();
        services.AddScoped<Msd.MediaActions>();
        Account.AccountServiceCollectionExtensions.AddKvmAccount(services);
        services.AddSingleton<UserAdministration>();
        services.AddKvmAudit(configuration);
        services.AddHostedService<Console.ControlAuditObserver>();
        services.AddKvmAdministration();
        services.AddHostedService<Console.ConsoleRevocationHook>();
        services.AddKvmMacros();
        services.AddKvmIpmi(configuration);
        Serial.SerialServiceCollectionExtensions.AddKvmSerialFeature(services);
        Vnc.VncServiceCollectionExtensions.AddKvmVnc(services, configuration);

        services.AddKvmHardware(configuration);
        services.AddKvmHardening(configuration);
        services.AddSingleton<Hid.ConsolePresence>();
        services.AddSingleton<Hid.InputGate>();
        KvmPortal.Hardware.Processes.ChildProcessServiceCollectionExtensions.AddKvmChildProcesses(services).AddSingleton<Video.Ocr.TesseractOcr>().AddSingleton<Video.Ocr.ScreenTextReader>();
        services.AddScoped<Console.ConsoleCircuitHandler>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<Console.ConsoleCircuitHandler>());
        services.AddKvmIdentity();
        services.AddKvmAuthorization();
        services.AddKvmApiAuthentication();
        KvmPortal.SignIn.SignInRegistration.AddKvmSignIn(services, configuration);
        services.AddSingleton<Account.ApiTokenService>();
        services.AddSingleton<IApiTokenVerifier>(sp => sp.GetRequiredService<Account.ApiTokenService>());
        services.AddSingleton<Redfish.RedfishSessionStore>();
        services.AddSingleton<ITokenSessions>(sp => sp.GetRequiredService<Redfish.RedfishSessionStore>());
        services.AddSingleton<IAuthErrorShape, Redfish.RedfishAuthErrorShape>();
        services.AddSingleton<Pikvm.WsClientRegistry>();
        services.AddSingleton<Prometheus.PrometheusExporter>();
        services.AddPikvmCompatibility();

        services.Configure<CookiePolicyOptions>(o => o.Secure = CookieSecurePolicy.SameAsRequest);
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddMudServices(c => c.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight); // not over the menus' drawers (top right)
        services.AddSingleton<Layout.ThemePreferences>();
        services.AddSingleton<Settings.SettingsService>();
        services.AddSingleton<Settings.TlsCertificateInstaller>();
        services.AddScoped<Layout.ThemeSwitch>();

        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<HostedServicesHealthCheck>("hosted-services");

        services.AddOptions<HttpsRedirectionOptions>().Configure<IOptions<TlsOptions>>((o, tls) => o.HttpsPort = tls.Value.HttpsPort);
        builder.WebHost.ConfigureKestrelForKvmPortal(configuration);
        builder.AddKvmSystemd();
        return builder;
    }

    private static void AddKvmIdentity(this IServiceCollection services)
    {
        services.AddIdentity<ApplicationUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 8;
                o.User.RequireUniqueEmail = false;
                o.SignIn.RequireConfirmedAccount = false;
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<KvmDbContext>()
            .AddDefaultTokenProviders()
            .AddUserManager<KvmUserManager>()
            .AddSignInManager<KvmSignInManager>()
            .AddClaimsPrincipalFactory<KvmClaimsFactory>();

        services.AddOptions<IdentityOptions>().Configure<IOptions<SecurityOptions>>((o, security) =>
        {
            // Password guesses are throttled per (account, address) by LoginThrottle; Identity's own per-account counter only sees
            // wrong second-factor codes, so it gets the much higher account-wide limit.
            o.Lockout.MaxFailedAccessAttempts = security.Value.AccountLockoutAttempts;
            o.Lockout.DefaultLockoutTimeSpan = security.Value.LockoutDuration;
        });
        services.AddScoped<ISecurityStampValidator, KvmSecurityStampValidator>(); // no cookie deletion on background refusals
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<SecurityOptions>>((o, security) =>
        {
            o.ValidationInterval = security.Value.SessionRevalidation;
            o.OnRefreshingPrincipal = CookieSessionId.KeepOnRefresh;
        });

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "kvmportal_auth";
            o.CookieManager = new Pikvm.PikvmCookieManager(); // also as kvmd's auth_token
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
        });
    }

    private static void AddKvmAuthorization(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddAuthorization(o =>
        {
            foreach (var permission in Permissions.All)
            {
                o.AddPolicy(permission, p => p.RequireAuthenticatedUser().RequireClaim(Permissions.ClaimType, permission));
            }
        });
    }

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/redfish") || path.StartsWithSegments("/healthz"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
