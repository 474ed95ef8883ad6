using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Auth.Logins;

/// <summary>
/// An HTTP client whose connections come from a chosen loopback address (127.0.0.2, 127.0.0.3, ...: Linux routes all of 127/8 to
/// lo), so one test can be an attacker and the account owner at different client addresses; with one login helper per path.
/// </summary>
public sealed class AddressedClient : IDisposable
{
    private AddressedClient(HttpClient http, string address)
    {
        Http = http;
        Address = address;
    }

    public HttpClient Http { get; }

    public string Address { get; }

    public static AddressedClient From(Uri server, string localAddress, bool cookies = true)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = cookies,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new AddressedClient(new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) }, localAddress);
    }

    /// <summary>Logs in through one path; returns the status and the body the caller sees (for the form: the page's error text).</summary>
    public async Task<(int Status, string Answer)> LoginAsync(string path, string user, string password)
    {
        switch (path)
        {
            case "form":
#pragma warning disable CA2000 // PortalClient would dispose the shared HttpClient
                using (var page = await new PortalClient(Http).LoginAsync(user, password))
#pragma warning restore CA2000
                {
                    var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
                    var start = html.IndexOf("data-testid=\"login-error\">", StringComparison.Ordinal);
                    var answer = start < 0 ? "" : html[(start + 26)..html.IndexOf('<', start + 26)];
                    return ((int)page.StatusCode, answer);
                }

            case "api-login":
                using (var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = user, ["passwd"] = password }))
                using (var response = await Http.PostAsync(new Uri("/api/auth/login", UriKind.Relative), form))
                {
                    return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
                }

            case "redfish":
                using (var body = new StringContent(JsonSerializer.Serialize(new { UserName = user, Password = password }), Encoding.UTF8, "application/json"))
                using (var response = await Http.PostAsync(new Uri("/redfish/v1/SessionService/Sessions", UriKind.Relative), body))
                {
                    return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
                }

            default:
                using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/atx", UriKind.Relative)))
                {
                    if (path == "basic")
                    {
                        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
                    }
                    else
                    {
                        request.Headers.Add("X-KVMD-User", user);
                        request.Headers.Add("X-KVMD-Passwd", password);
                    }

                    using var response = await Http.SendAsync(request);
                    return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
                }
        }
    }

    public void Dispose() => Http.Dispose();
}
