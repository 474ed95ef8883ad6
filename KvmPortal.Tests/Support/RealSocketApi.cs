using System.Net;

namespace KvmPortal.Tests.Support;

/// <summary>REST calls on an app started with <see cref="KvmAppFactory.UseRealSocket"/>, made the way an API client does (cookies kept, no proxy).</summary>
public static class RealSocketApi
{
    /// <summary>Signs in through <c>POST /api/auth/login</c>; the returned client carries the session cookie (the caller disposes it).</summary>
    public static async Task<HttpClient> LoginAsync(KvmAppFactory factory, string user, string password)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var client = new HttpClient(new HttpClientHandler { UseCookies = true, UseProxy = false }) { BaseAddress = factory.ServerAddress };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = user, ["passwd"] = password });
        using var response = await client.PostAsync(new Uri("/api/auth/login", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    /// <summary>Sets a user's protocol password through <c>POST /api/users/{protocol}_password</c> (protocol: ipmi, vnc); returns the status code.</summary>
    public static async Task<int> SetProtocolPasswordAsync(HttpClient client, string protocol, string name, string password, string extra = "")
    {
        ArgumentNullException.ThrowIfNull(client);
        using var body = new StringContent(password);
        using var response = await client.PostAsync(new Uri($"/api/users/{protocol}_password?name={Uri.EscapeDataString(name)}{extra}", UriKind.Relative), body);
        return (int)response.StatusCode;
    }
}
