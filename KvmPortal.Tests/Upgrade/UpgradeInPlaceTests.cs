using System.Net;
using System.Net.Http.Headers;
using KvmPortal.Audit;
using KvmPortal.Data;
using KvmPortal.Macros;
using KvmPortal.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Upgrade;

/// <summary>
/// A database written by KvmPortal 0.1.0 on EF Core 6 / Identity 6 (committed fixture) opened by today's app on a real SQLite file:
/// it is backed up first, migrated, and everyone and everything in it still works.
/// </summary>
[Trait("Category", "Upgrade")]
public sealed class UpgradeInPlaceTests
{
    private static readonly UpgradeFixture Fixture = UpgradeFixture.Load();

    [Fact]
    public async Task Ef6Database_IsBackedUpAndMigrated_AndEveryUserTokenMacroAndAuditRowSurvives()
    {
        using var app = new KvmAppFactory(configureAdminPassword: false);
        UpgradeFixture.CopyTo(app.DataDirectory);
        app.Start();

        // The backup sits next to the database, named with the schema it holds, and the log says so.
        var database = Path.Combine(app.DataDirectory, "kvmportal.db");
        var backup = $"{database}.{Fixture.LastMigration}.bak";
        Assert.True(File.Exists(backup), "no backup at " + backup);
        Assert.Contains(app.Logs.Lines, l => l.Contains("Backed up the database", StringComparison.Ordinal) && l.Contains(backup, StringComparison.Ordinal));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backup));
        Assert.Equal(Fixture.LastMigration + "|6.0.7", string.Join(";", await ReadHistoryAsync(backup)).Split(';')[^1]);
        Assert.Equal(await CountAsync(Path.Combine(UpgradeFixture.Folder, "kvmportal.db")), await CountAsync(backup));

        // The live database now records the EF Core 10 step and the later ones (sign-in: external accounts, passkeys).
        var history = await ReadHistoryAsync(database);
        Assert.Equal(5, history.Count);
        Assert.StartsWith(Fixture.LastMigration + "|6.0.7", history[2], StringComparison.Ordinal);
        Assert.EndsWith("_Ef10Baseline|10.0.15", history[3], StringComparison.Ordinal);
        Assert.EndsWith("_SignIn|10.0.15", history[4], StringComparison.Ordinal);

        foreach (var user in Fixture.Users)
        {
            await LogInAsync(app, user);
        }

        var olga = Fixture.Users.Single(u => u.Name == "olga");
        using (var client = new PortalClient(app))
        {
            (await client.LoginAsync(olga.Name, olga.Password)).Dispose();
            using var viaRecovery = await client.PostFormAsync("/Account/LoginWithRecoveryCode", "login-recovery", new() { ["Input.Code"] = olga.RecoveryCode! });
            Assert.Equal(HttpStatusCode.Redirect, viaRecovery.StatusCode);
            using var macros = await client.GetAsync("/api/macros");
            Assert.Equal(HttpStatusCode.OK, macros.StatusCode);
            var listed = await macros.Content.ReadAsStringAsync();
            Assert.Contains("\"Ctrl+Alt+Del\"", listed, StringComparison.Ordinal);
            Assert.Contains("\"steps\":7", listed, StringComparison.Ordinal);
        }

        await CheckTokensAsync(app);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KvmDbContext>();
            var macros = await db.Set<Macro>().AsNoTracking().OrderBy(m => m.Id).ToListAsync();
            Assert.Equal(Fixture.Macros, macros.Select(m => new UpgradeFixture.MacroRow(m.Id, m.Name, m.Owner, m.Shared, m.StepsJson, m.UpdatedTicks)));
            Assert.Equal(7, MacroJson.DeserializeSteps(macros[0].StepsJson).Count);
            var lastFixtureRow = Fixture.Audit[^1].Id;
            var audit = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Id <= lastFixtureRow).OrderBy(e => e.Id).ToListAsync();
            Assert.Equal(Fixture.Audit, audit.Select(e => new UpgradeFixture.AuditRow(e.Id, e.TimeTicks, e.User, e.ClientAddress, e.Action, e.Target, e.Outcome.ToString(), e.Details)));
        }

        // The old key ring still decrypts what the old installation protected (cookies, antiforgery, TOTP secrets if protected).
        var protector = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Fixture.DataProtection.Purpose);
        Assert.Equal(Fixture.DataProtection.Plaintext, protector.Unprotect(Fixture.DataProtection.ProtectedPayload));
    }

    [Fact]
    public async Task SecondStart_OfTheUpgradedDatabase_NeitherBacksUpAgainNorMigrates()
    {
        using var data = new TempDirectory();
        UpgradeFixture.CopyTo(data.Path);
        using (var first = new KvmAppFactory(configureAdminPassword: false).With("KvmPortal:DataDirectory", data.Path).Start())
        {
            Assert.Contains(first.Logs.Lines, l => l.Contains("Backed up the database", StringComparison.Ordinal));
        }

        var backup = Path.Combine(data.Path, $"kvmportal.db.{Fixture.LastMigration}.bak");
        var written = File.GetLastWriteTimeUtc(backup);
        using var second = new KvmAppFactory(configureAdminPassword: false).With("KvmPortal:DataDirectory", data.Path).Start();
        Assert.DoesNotContain(second.Logs.Lines, l => l.Contains("Backed up", StringComparison.Ordinal) || l.Contains("backup", StringComparison.Ordinal));
        Assert.Single(Directory.GetFiles(data.Path, "*.bak"));
        Assert.Equal(written, File.GetLastWriteTimeUtc(backup));
        await LogInAsync(second, Fixture.Users.Single(u => u.Name == "admin"));
    }

    private static async Task LogInAsync(KvmAppFactory app, UpgradeFixture.User user)
    {
        using var client = new PortalClient(app);
        using var login = await client.LoginAsync(user.Name, user.Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        if (user.TotpKey is not null)
        {
            Assert.StartsWith("/Account/LoginWith2fa", PortalClient.RedirectPath(login), StringComparison.Ordinal);
            using var code = await client.PostFormAsync("/Account/LoginWith2fa", "login-2fa",
                new() { ["Input.Code"] = Totp.Code(user.TotpKey, DateTimeOffset.UtcNow) });
            Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        }

        using var check = await client.GetAsync("/api/auth/check");
        Assert.True(check.StatusCode == HttpStatusCode.OK, $"{user.Name} is not signed in ({check.StatusCode})");
        using var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    private static async Task CheckTokensAsync(KvmAppFactory app)
    {
        foreach (var token in Fixture.Tokens)
        {
            using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Text);
            using var info = await client.GetAsync(new Uri("/api/info", UriKind.Relative));
            Assert.Equal(token.Revoked ? HttpStatusCode.Forbidden : HttpStatusCode.OK, info.StatusCode); // a revoked token is refused as before (403, like the API contract)
            if (token.Revoked)
            {
                continue;
            }

            // Power is in the token only where the fixture granted it: a bad action is then refused for the action (400), not the token (403).
            using var power = await client.PostAsync(new Uri("/api/atx/power?action=bogus", UriKind.Relative), null);
            Assert.Equal(token.Permissions.Contains("Power", StringComparison.Ordinal) ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden, power.StatusCode);
        }
    }

    private static async Task<List<string>> ReadHistoryAsync(string file)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MigrationId || '|' || ProductVersion FROM __EFMigrationsHistory ORDER BY MigrationId";
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static async Task<string> CountAsync(string file)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM AspNetUsers) || ',' || (SELECT count(*) FROM AspNetUserRoles) || ',' || (SELECT count(*) FROM AspNetUserTokens) || ',' || " +
                              "(SELECT count(*) FROM ApiTokens) || ',' || (SELECT count(*) FROM Macros) || ',' || (SELECT count(*) FROM AuditEntries)";
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
