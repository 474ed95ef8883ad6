using KvmPortal.Audit;
using KvmPortal.Data;
using KvmPortal.Auth;
using KvmPortal.Users;

namespace KvmPortal.Hosting;

/// <summary>
/// <c>KvmPortal users unlock NAME</c>: the offline recovery on the device's shell. Clears the account's lockouts (the account-wide one
/// and every address's) in the database; the running service honours it at the next login attempt. Audited as the user "cli".
/// </summary>
public static class UsersCommand
{
    public static bool IsVerb(string[] args) => args is ["users", ..];

    public static async Task<int> RunAsync(string[] args, WebApplicationBuilder builder, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(output);
        if (args is not ["users", "unlock", var name] || string.IsNullOrWhiteSpace(name))
        {
            await output.WriteLineAsync("usage: KvmPortal users unlock NAME   (run as the service's user, e.g. sudo -u kvmportal KvmPortal users unlock admin)");
            return 2;
        }

        builder.AddKvmPortalServices();
        await using var app = builder.Build();
        await DatabaseStartup.MigrateAsync(app.Services, cancellationToken);
        var audit = app.Services.GetRequiredService<IAuditLog>() as IHostedService;
        if (audit is not null)
        {
            await audit.StartAsync(cancellationToken);
        }

        var errors = await app.Services.GetRequiredService<UserAdministration>().UnlockAsync(name, new AuditActor("cli", null), cancellationToken);
        if (audit is not null)
        {
            await app.Services.GetRequiredService<IAuditLog>().FlushAsync(cancellationToken); // the audit row is stored before the process ends
            await audit.StopAsync(cancellationToken);
        }

        await output.WriteLineAsync(errors.Count == 0 ? $"unlocked {name}" : string.Join(Environment.NewLine, errors));
        return errors.Count == 0 ? 0 : 1;
    }
}
