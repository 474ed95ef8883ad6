using System.Net;
using System.Security.Cryptography.X509Certificates;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Hosting;

/// <summary>The real KvmPortal process, started the way a user or systemd starts it.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task UnknownKey_StopsTheProcessAtOnce_NamingTheKey()
    {
        using var data = new TempDirectory();
        var (code, output) = await RunToEndAsync(data.Path, ["--KvmPortal:DataDirectry=/tmp/typo"]);
        Assert.NotEqual(0, code);
        Assert.Contains("KvmPortal:DataDirectry", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WeakAdminPassword_StopsWithASentenceNamingTheRules_NotAStackTrace()
    {
        using var data = new TempDirectory();
        var (code, output) = await RunToEndAsync(data.Path, ["--Setup:AdminPassword=abc"]);
        Assert.Equal(78, code);
        Assert.Contains("KvmPortal cannot start: Setup:AdminPassword (environment Setup__AdminPassword) does not meet the password rules", output, StringComparison.Ordinal);
        Assert.Contains("at least 12 characters", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigShow_PrintsEffectiveValues_AndMasksSecrets()
    {
        using var data = new TempDirectory();
        var secret = TestPasswords.New();
        var (code, output) = await RunToEndAsync(data.Path, ["config", "show", $"--Setup:AdminPassword={secret}", "--KvmPortal:Security:LockoutAttempts=7"]);
        Assert.Equal(0, code);
        Assert.Contains("KvmPortal:Security:LockoutAttempts = 7", output, StringComparison.Ordinal);
        Assert.Contains("Setup:AdminPassword = ********", output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_ServesHttpsWithAGeneratedCertificate_AndRedirectsHttp()
    {
        using var data = new TempDirectory();
        int https = FreeTcpPort.Next(), http = FreeTcpPort.Next();
        await using var process = KvmPortalProcess.Start(data.Path,
        [
            "--KvmPortal:Tls:Enabled=true", $"--KvmPortal:Tls:HttpsPort={https}", $"--KvmPortal:Tls:HttpPort={http}",
            $"--Setup:AdminPassword={TestPasswords.Admin}",
        ]);
        X509Certificate2? seen = null;
        using var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
            {
                seen = cert is null ? null : new X509Certificate2(cert);
                return cert is not null;
            },
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        var healthy = await PollAsync(client, new Uri($"https://127.0.0.1:{https}/healthz"));
        Assert.Equal(HttpStatusCode.OK, healthy);

        using var onDisk = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(data.Path, "tls", "selfsigned.crt")));
        Assert.Equal(onDisk.Thumbprint, seen?.Thumbprint);

        using var plain = await client.GetAsync(new Uri($"http://127.0.0.1:{http}/Account/Login"));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
        Assert.Equal($"https://127.0.0.1:{https}/Account/Login", plain.Headers.Location?.ToString());
    }

    private static async Task<HttpStatusCode?> PollAsync(HttpClient client, Uri uri)
    {
        for (var i = 0; i < 120; i++)
        {
            try
            {
                using var response = await client.GetAsync(uri);
                return response.StatusCode;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(500);
            }
        }

        return null;
    }

    private static Task<(int Code, string Output)> RunToEndAsync(string dataDirectory, string[] args) =>
        KvmPortalProcess.RunToEndAsync(dataDirectory, args);
}
