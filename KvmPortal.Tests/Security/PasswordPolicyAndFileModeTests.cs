using System.Runtime.InteropServices;
using KvmPortal.Auth;
using KvmPortal.Security.Hardening;
using KvmPortal.Tests.Console;
using KvmPortal.Tests.Support;
using KvmPortal.Users;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Security;

/// <summary>
/// Password policy (12 characters, john-data's common-password list) through the real user administration on a real SQLite file, and
/// owner-only modes for the database and key files under a wide-open umask. Runs alone: the umask is process-wide.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed partial class PasswordPolicyAndFileModeTests
{
    [Fact]
    public async Task ShortAndCommonPasswordsAreRefused_DatabaseAndKeyFilesAre0600_UnderUmask000()
    {
        var previous = Umask(0);
        SecurityApp app;
        try
        {
            app = await SecurityApp.StartAsync();
        }
        finally
        {
            Assert.Equal(0u, Umask(previous));
        }

        await using (app)
        {
            var common = app.Factory.Services.GetRequiredService<CommonPasswords>();
            Assert.True(common.Count > 3000, $"john-data's list holds {common.Count} entries");

            var users = app.Factory.Services.GetRequiredService<UserAdministration>();
            string[] refused = ["Passw0rd!", "Sh0rt-pass1", "password1234", "Password1234!", "P@ssw0rd2024!", "qwertyuiop12", "!!letmein!!2024", "aaaaaaaaaaaaaaa", "abababababab"];
            foreach (var password in refused)
            {
                var errors = await users.CreateAsync("policy-" + Array.IndexOf(refused, password), password, Roles.Viewer, CancellationToken.None);
                Assert.True(errors.Count > 0, $"'{password}' was accepted");
            }

            var good = TestPasswords.New();
            Assert.Empty(await users.CreateAsync("policy-ok", good, Roles.Viewer, CancellationToken.None));

            // Files: the database and its WAL/SHM, the data-protection keys (created by the admin's sign-in), the folders.
            var data = app.Factory.DataDirectory;
            var files = Directory.EnumerateFiles(data).Where(f => Path.GetFileName(f).StartsWith("kvmportal.db", StringComparison.Ordinal))
                .Concat(Directory.EnumerateFiles(Path.Combine(data, "keys"))).ToList();
            Assert.Contains(files, f => f.EndsWith("kvmportal.db", StringComparison.Ordinal));
            Assert.Contains(files, f => f.EndsWith("kvmportal.db-wal", StringComparison.Ordinal));
            Assert.Contains(files, f => f.EndsWith(".xml", StringComparison.Ordinal));
            foreach (var file in files)
            {
                Assert.True(File.GetUnixFileMode(file) == (UnixFileMode.UserRead | UnixFileMode.UserWrite), $"{file}: {File.GetUnixFileMode(file)}");
            }

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(data, "keys")));
        }
    }

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint Umask(uint mask);
}
