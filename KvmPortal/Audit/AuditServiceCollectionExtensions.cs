using KvmPortal.Configuration;

namespace KvmPortal.Audit;

/// <summary>
/// Registers the audit trail: the queued writer, retention cleaner, syslog forwarder, query and per-caller context, and the writer of
/// Auth's login and logout rows.
/// </summary>
public static class AuditServiceCollectionExtensions
{
    public static IServiceCollection AddKvmAudit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKnownOptions<AuditOptions>(configuration, AuditOptions.SectionName);
        services.AddHttpContextAccessor();
        services.AddSingleton<SyslogForwarder>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<AuditLog>());
        services.AddHostedService(sp => sp.GetRequiredService<AuditLog>());
        services.AddSingleton<AuditRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditRetention>());
        services.AddSingleton<AuditQuery>();
        services.AddScoped<AuditContext>();
        services.AddSingleton<Auth.IAuthAudit, AuthAudit>();
        return services;
    }
}
