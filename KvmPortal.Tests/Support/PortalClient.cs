using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace KvmPortal.Tests.Support;

/// <summary>An HTTP client that keeps cookies and posts the server-rendered forms the way a browser does (antiforgery token included).</summary>
public sealed partial class PortalClient : IDisposable
{
    public PortalClient(KvmAppFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
    }

    /// <summary>Wraps a client of a real server (cookies on, redirects off); the PortalClient disposes it.</summary>
    public PortalClient(HttpClient http) => Http = http;

    public HttpClient Http { get; }

    /// <summary>Posts the login form; returns the response (302 on success, 200 with an error message otherwise).</summary>
    public Task<HttpResponseMessage> LoginAsync(string user, string password, string returnUrl = "/") =>
        PostFormAsync($"/Account/Login?returnUrl={Uri.EscapeDataString(returnUrl)}", "login",
            new() { ["Input.UserName"] = user, ["Input.Password"] = password });

    public async Task<HttpResponseMessage> PostFormAsync(string path, string formName, Dictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        using var page = await Http.GetAsync(new Uri(path, UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();
        var token = TokenPattern().Match(html);
        if (!token.Success)
        {
            throw new InvalidOperationException($"No antiforgery token on {path} ({(int)page.StatusCode}): {html[..Math.Min(html.Length, 4000)]}");
        }

        var form = new Dictionary<string, string>(fields)
        {
            ["_handler"] = formName,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        };
        using var content = new FormUrlEncodedContent(form);
        return await Http.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    public async Task<string> GetStringAsync(string path) => await Http.GetStringAsync(new Uri(path, UriKind.Relative));

    public async Task<HttpResponseMessage> GetAsync(string path) => await Http.GetAsync(new Uri(path, UriKind.Relative));

    /// <summary>The redirect target as a site-relative path and query, whether the server sent it absolute or relative.</summary>
    public static string? RedirectPath(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var location = response.Headers.Location;
        return location is null ? null : location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
