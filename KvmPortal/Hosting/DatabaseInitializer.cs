using KvmPortal.Auth;
using KvmPortal.Data;

namespace KvmPortal.Hosting;

/// <summary>Migrates the database and runs first-run setup before Kestrel starts listening.</summary>
public sealed class DatabaseInitializer(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await DatabaseStartup.MigrateAsync(services, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FirstRunSeeder>().SeedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
