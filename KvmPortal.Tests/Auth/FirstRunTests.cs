using System.Net;
using System.Text.RegularExpressions;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Auth;

public sealed partial class FirstRunTests
{
    [Fact]
    public async Task ConfiguredPassword_AdminLogsIn_AndIsNotForcedToChangeIt()
    {
        using var app = new KvmAppFactory().Start();
        using var client = new PortalClient(app);

        using var login = await client.LoginAsync("admin", KvmAppFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/", PortalClient.RedirectPath(login));
        using var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "initial-admin-password")));
    }

    [Fact]
    public async Task NoPassword_GeneratesOne_NeverLogsIt_Writes0600File_AndForcesChange()
    {
        using var app = new KvmAppFactory(configureAdminPassword: false).Start();
        var file = Path.Combine(app.DataDirectory, "initial-admin-password");
        var password = (await File.ReadAllTextAsync(file)).Trim();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.True(password.Length >= 16);
        // Printed once on standard output for the admin; never through the logger (journal, forwarded logs).
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(password, StringComparison.Ordinal));
        Assert.Single(app.Logs.Lines, l => l.Contains("generated password", StringComparison.Ordinal) && l.Contains(file, StringComparison.Ordinal));

        using var client = new PortalClient(app);
        using var login = await client.LoginAsync("admin", password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        using var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/Account/ChangePassword", PortalClient.RedirectPath(home));
        using var api = await client.GetAsync("/api/users");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);

        var chosen = TestPasswords.New();
        using var changed = await client.PostFormAsync("/Account/ChangePassword", "change-password", new()
        {
            ["Input.Current"] = password,
            ["Input.New"] = chosen,
            ["Input.Confirm"] = chosen,
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        using var after = await client.GetAsync("/api/users");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        using var fresh = new PortalClient(app);
        using var oldLogin = await fresh.LoginAsync("admin", password);
        Assert.Equal(HttpStatusCode.OK, oldLogin.StatusCode);
        Assert.Matches(InvalidPattern(), await oldLogin.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Repository_ContainsNoPasswordLiteral()
    {
        var root = RepositoryRoot.Find();
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".sh", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
                     .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)
                                 && !f.Contains("node_modules", StringComparison.Ordinal) && !f.Contains("/.vmlab-cache/", StringComparison.Ordinal) && !f.Contains("/Migrations/", StringComparison.Ordinal)
                                 // The upgrade fixture is a database of KvmPortal 0.1.0 with throwaway accounts; its manifest must name
                                 // their passwords for UpgradeInPlaceTests to log in (they exist nowhere else).
                                 && !f.Contains("/Upgrade/Fixtures/", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotMatch(PasswordValuePattern(), text);
        }
    }

    [GeneratedRegex("Invalid user name or password")]
    private static partial Regex InvalidPattern();

    // A non-empty quoted value given (JSON colon or code equals sign) to a key ending in "password" is a password literal.
    [GeneratedRegex("[A-Za-z_]*password\"?\\s*[:=]\\s*\"[^\"\\s]{4,}\"", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordValuePattern();
}
