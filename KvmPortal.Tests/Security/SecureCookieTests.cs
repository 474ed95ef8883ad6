using System.Net;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Security;

/// <summary>Under HTTPS every cookie KvmPortal sets (antiforgery, sign-in, theme) carries <c>Secure</c>; the real process, real TLS.</summary>
public sealed class SecureCookieTests
{
    [Fact]
    public async Task EveryCookie_IsSecure_UnderHttps()
    {
        using var data = new TempDirectory();
        int https = FreeTcpPort.Next(), http = FreeTcpPort.Next();
        await using var process = KvmPortalProcess.Start(data.Path,
        [
            "--KvmPortal:Tls:Enabled=true", $"--KvmPortal:Tls:HttpsPort={https}", $"--KvmPortal:Tls:HttpPort={http}",
            $"--Setup:AdminPassword={TestPasswords.Admin}",
        ]);
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false, ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert is not null };
        using var client = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{https}"), Timeout = TimeSpan.FromSeconds(10) };
        for (var i = 0; i < 120; i++)
        {
            try
            {
                using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (health.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(500);
        }

        var cookies = new List<string>();
        using (var page = await client.GetAsync(new Uri("/Account/Login", UriKind.Relative)))
        {
            cookies.AddRange(page.Headers.TryGetValues("Set-Cookie", out var set) ? set : []);
        }

        using (var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "admin", ["passwd"] = TestPasswords.Admin }))
        using (var login = await client.PostAsync(new Uri("/api/auth/login", UriKind.Relative), form))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            cookies.AddRange(login.Headers.TryGetValues("Set-Cookie", out var set) ? set : []);
        }

        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("kvmportal_auth", StringComparison.Ordinal) || c.StartsWith("auth_token", StringComparison.Ordinal));
        foreach (var cookie in cookies)
        {
            Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        }
    }
}
