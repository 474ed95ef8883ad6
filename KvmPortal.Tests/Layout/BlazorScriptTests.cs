using System.Net;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Layout;

/// <summary>Blazor's own script comes from the framework's static web assets (no copy, no extraction in the build).</summary>
public sealed class BlazorScriptTests
{
    [Fact]
    public async Task FrameworkScript_IsServedAnonymously_FromTheStaticAssets()
    {
        using var app = new KvmAppFactory().Start();
        using var client = app.CreateClient();
        using var response = await client.GetAsync(new Uri("/_framework/blazor.web.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        var script = await response.Content.ReadAsStringAsync();
        Assert.True(script.Length > 50_000, $"blazor.web.js is only {script.Length} characters");
        Assert.Contains("Blazor", script, StringComparison.Ordinal);

        var manifest = Path.Combine(AppContext.BaseDirectory, "KvmPortal.staticwebassets.endpoints.json");
        Assert.Contains("_framework/blazor.web.js", await File.ReadAllTextAsync(manifest), StringComparison.Ordinal);
    }
}
