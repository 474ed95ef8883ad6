using System.Security.Cryptography;
using KvmPortal.Configuration;
using KvmPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KvmPortal.Auth;

/// <summary>
/// On an empty user store: creates the roles and the <c>admin</c> account. There is no default password: it comes from
/// <c>Setup:AdminPassword</c>, or is generated, logged once, written to <c>DataDirectory/initial-admin-password</c> (0600)
/// and must be changed at first login.
/// </summary>
public sealed partial class FirstRunSeeder(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<SetupOptions> setup,
    DataDirectory dataDirectory,
    TimeProvider time,
    ILogger<FirstRunSeeder> logger)
{
    public const string AdminUserName = "admin";
    public const string InitialPasswordFileName = "initial-admin-password";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var role in Roles.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)));
            }
        }

        if (users.Users.Any())
        {
            return;
        }

        var configured = setup.Value.AdminPassword;
        var generated = string.IsNullOrEmpty(configured);
        var password = generated ? GeneratePassword() : configured;
        var admin = new ApplicationUser { UserName = AdminUserName, MustChangePassword = generated, CreatedAt = time.GetUtcNow() };
        if (!generated)
        {
            await RequireStrongAsync(users, admin, password);
        }

        Check(await users.CreateAsync(admin, password));
        Check(await users.AddToRoleAsync(admin, Roles.Admin));
        if (generated)
        {
            var file = Path.Combine(dataDirectory.Path, InitialPasswordFileName);
            // Created 0600 (no window under a loose umask); the password never goes through the logger (journal, log
            // forwarding): it is printed once on standard output, which an admin watching the first start sees.
            var mode = new FileStreamOptions
            {
                Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            };
            await using (var stream = new FileStream(file, mode))
            await using (var writer = new StreamWriter(stream))
            {
                await writer.WriteLineAsync(password.AsMemory(), cancellationToken);
            }

            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            await System.Console.Out.WriteLineAsync($"KvmPortal first run: user '{AdminUserName}', password {password} (also in {file}). Change it at first login.");
            LogGenerated(logger, AdminUserName, file);
        }
        else
        {
            LogConfigured(logger, AdminUserName);
        }
    }

    /// <summary>20 characters from an alphabet without look-alikes, with every class Identity's default policy requires.</summary>
    public static string GeneratePassword()
    {
        const string lower = "abcdefghjkmnpqrstuvwxyz";
        const string upper = "ABCDEFGHJKMNPQRSTUVWXYZ";
        const string digits = "23456789";
        const string symbols = "-_.!";
        var all = lower + upper + digits + symbols;
        var chars = new char[20];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        chars[0] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[5] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[10] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        chars[15] = symbols[RandomNumberGenerator.GetInt32(symbols.Length)];
        return new string(chars);
    }

    /// <summary>Checked before the host starts (so no start-up failure is logged with a stack trace): a configured first password that breaks the rules.</summary>
    public static async Task CheckConfiguredPasswordAsync(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var configured = services.GetRequiredService<IOptions<SetupOptions>>().Value.AdminPassword;
        if (string.IsNullOrEmpty(configured))
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        await RequireStrongAsync(users, new ApplicationUser { UserName = AdminUserName }, configured);
    }

    /// <summary>A configured first password that breaks the password rules stops the start with a sentence naming the rules.</summary>
    private static async Task RequireStrongAsync(UserManager<ApplicationUser> users, ApplicationUser admin, string password)
    {
        var problems = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, admin, password);
            problems.AddRange(result.Errors.Select(e => e.Description));
        }

        if (problems.Count > 0)
        {
            throw new StartupConfigurationException(
                "Setup:AdminPassword (environment Setup__AdminPassword) does not meet the password rules: " + string.Join(" ", problems) +
                " Choose a longer password with upper- and lower-case letters, a digit and a symbol, or leave it empty to have one generated.");
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("First-run setup failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "First run: created user '{User}' with a generated password, printed once on standard output and kept in {File} (mode 0600). It must be changed at first login.")]
    private static partial void LogGenerated(ILogger logger, string user, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "First run: created user '{User}' with the password from Setup:AdminPassword.")]
    private static partial void LogConfigured(ILogger logger, string user);
}
