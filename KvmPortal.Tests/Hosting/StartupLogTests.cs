using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Hosting;

/// <summary>The start-up log says where the sign-in keys are kept, instead of ASP.NET Core's "No XML encryptor configured" warning.</summary>
public sealed class StartupLogTests
{
    [Fact]
    public async Task KeyStorage_IsExplainedOnce_AndTheEncryptorWarningIsGone()
    {
        using var app = new KvmAppFactory().Start();
        using var client = app.CreateClient();
        using var login = await client.GetAsync(new Uri("/Account/Login", UriKind.Relative)); // the antiforgery token creates the first key
        Assert.True(login.IsSuccessStatusCode);

        Assert.Contains(app.Logs.Lines, l => l.Contains("Sign-in cookie keys are kept in", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("No XML encryptor configured", StringComparison.Ordinal));
        Assert.True(Directory.EnumerateFiles(Path.Combine(app.DataDirectory, "keys"), "key-*.xml").Any());
    }
}
