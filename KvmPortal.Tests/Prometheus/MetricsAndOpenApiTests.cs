using KvmPortal.Tests.Api;

namespace KvmPortal.Tests.Prometheus;

/// <summary>Prometheus exposition checked by Debian's promtool, and the OpenAPI document.</summary>
public sealed class MetricsAndOpenApiTests(ApiTestApp app) : IClassFixture<ApiTestApp>
{
    [Fact]
    public async Task Metrics_PassPromtoolCheck_AndCarryEachArea()
    {
        var promtool = ExternalTool.Require("/usr/bin/promtool", "prometheus");
        using var response = await app[ApiTestApp.Viewer].GetAsync(new Uri("/api/export/prometheus/metrics", UriKind.Relative));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        foreach (var gauge in new[] { "pikvm_atx_power", "kvmportal_hid_online", "kvmportal_msd_connected", "kvmportal_stream_online", "pikvm_hw_mem_percent" })
        {
            Assert.Contains("\n" + gauge + " ", "\n" + text, StringComparison.Ordinal);
        }

        var (code, output, errors) = await ExternalTool.RunAsync(promtool, ["check", "metrics"], text);
        Assert.True(code == 0, $"promtool check metrics failed ({code}): {output}{errors}");
    }

    [Fact]
    public async Task OpenApiDocument_IsServedToSignedInUsersOnly_AndListsTheRoutes()
    {
        using var anonymous = await app[ApiTestApp.Anonymous].GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(401, (int)anonymous.StatusCode);
        using var response = await app[ApiTestApp.Viewer].GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(200, (int)response.StatusCode);
        var document = await ApiTestApp.ReadJsonAsync(response);
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/atx/power", "/api/hid/print", "/api/msd/write", "/api/tokens/create", "/redfish/v1/Systems/0" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} missing from the OpenAPI document");
        }
    }
}
