using System.Net;
using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Data;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KvmPortal.Tests.Audit;

public sealed class AuditExportAndRetentionTests : IDisposable
{
    private readonly KvmAppFactory _app = new KvmAppFactory().Start();

    [Fact]
    public async Task CsvExport_IsAdminOnly_Filtered_AndFormulaSafe()
    {
        var log = _app.Services.GetRequiredService<IAuditLog>();
        log.Write(AuditActions.MediaAttach, "oscar", "192.0.2.3", "=cmd|' /C calc'!A0", AuditOutcome.Success, "Flash, \"quoted\"");
        log.Write(AuditActions.Power, "otto", "192.0.2.4", "On");
        await log.FlushAsync(CancellationToken.None);
        Assert.Empty(await _app.Services.GetRequiredService<UserAdministration>().CreateAsync("vera", TestPasswords.User, Roles.Viewer, CancellationToken.None));

        using var admin = new PortalClient(_app);
        (await admin.LoginAsync("admin", KvmAppFactory.AdminPassword)).Dispose();
        using var response = await admin.GetAsync("/admin/audit.csv?user=oscar");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("time,user,client_address,action,target,outcome,details", lines[0]);
        var row = Assert.Single(lines[1..]);
        Assert.EndsWith(",oscar,192.0.2.3,media.attach,'=cmd|' /C calc'!A0,Success,\"Flash, \"\"quoted\"\"\"", row, StringComparison.Ordinal);

        using var viewer = new PortalClient(_app);
        (await viewer.LoginAsync("vera", TestPasswords.User)).Dispose();
        using var refused = await viewer.GetAsync("/admin/audit.csv");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }

    [Fact]
    public async Task Retention_DeletesRowsOlderThanTheSetting_Only()
    {
        var now = new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KvmDbContext>();
            db.Set<AuditEntry>().AddRange(
                new AuditEntry { Action = "old", TimeTicks = (now - TimeSpan.FromDays(31)).UtcTicks },
                new AuditEntry { Action = "recent", TimeTicks = (now - TimeSpan.FromDays(29)).UtcTicks });
            await db.SaveChangesAsync();
        }

        var options = new StaticMonitor(new AuditOptions { RetentionDays = 30 });
        var retention = new AuditRetention(_app.Services.GetRequiredService<IServiceScopeFactory>(), options, new ManualTimeProvider(now), NullLogger<AuditRetention>.Instance);

        Assert.Equal(1, await retention.PurgeAsync(CancellationToken.None));
        Assert.Empty(await AuditRows.OfAsync(_app.Services, "old"));
        Assert.Single(await AuditRows.OfAsync(_app.Services, "recent"));
    }

    public void Dispose() => _app.Dispose();

    private sealed class StaticMonitor(AuditOptions value) : IOptionsMonitor<AuditOptions>
    {
        public AuditOptions CurrentValue => value;

        public AuditOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<AuditOptions, string?> listener) => null;
    }
}
