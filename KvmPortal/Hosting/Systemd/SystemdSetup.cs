using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging.Console;

namespace KvmPortal.Hosting.Systemd;

/// <summary>
/// systemd integration (Microsoft.Extensions.Hosting.Systemd): under systemd, or whenever a service manager hands over a
/// <c>NOTIFY_SOCKET</c>, KvmPortal sends READY=1 once the host started (database migrated, Kestrel listening), STOPPING=1 on
/// shutdown, WATCHDOG=1 while the watchdog health checks pass (with <c>WatchdogSec=</c>), and logs in journald's format.
/// </summary>
public static class SystemdSetup
{
    public const string WatchdogTag = "watchdog";

    public static WebApplicationBuilder AddKvmSystemd(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddHealthChecks().AddCheck<WedgedHardwareHealthCheck>("hardware-wedged", tags: [WatchdogTag]);
        if (SystemdHelpers.IsSystemdService())
        {
            services.AddSystemd();
        }
        else if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NOTIFY_SOCKET")))
        {
            // Not our parent, but a service manager speaking systemd's notify protocol (systemd-run, a container manager, a test).
            services.Configure<ConsoleLoggerOptions>(o => o.FormatterName = ConsoleFormatterNames.Systemd);
            services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
            services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }
        else
        {
            return builder;
        }

        services.AddHostedService<SystemdWatchdog>();
        return builder;
    }
}
