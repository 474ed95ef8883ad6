using System.Net;
using KvmPortal.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace KvmPortal.Tests.Layout;

/// <summary>Issue 17 item 10: the favicon is linked from the pages (the login page too) and served without signing in.</summary>
public sealed class FaviconTests : IDisposable
{
    private readonly KvmAppFactory _app = new KvmAppFactory().Start();

    [Fact]
    public async Task Favicon_IsLinked_AndServedAnonymously()
    {
        using var http = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await http.GetStringAsync(new Uri("/Account/Login", UriKind.Relative));
        Assert.Contains("<link rel=\"icon\" type=\"image/svg+xml\" href=\"favicon.svg\"", login, StringComparison.Ordinal);

        using var icon = await http.GetAsync(new Uri("/favicon.svg", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await icon.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public void Dispose() => _app.Dispose();
}
