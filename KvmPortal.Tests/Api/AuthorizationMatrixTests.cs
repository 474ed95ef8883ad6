using System.Text.Json;

namespace KvmPortal.Tests.Api;

/// <summary>Every route × {anonymous, viewer, operator, admin, a token limited to View}: 401, 403 or allowed, as the route table says.</summary>
public sealed class AuthorizationMatrixTests(ApiTestApp app) : IClassFixture<ApiTestApp>
{
    [Fact]
    public async Task EveryRoute_AnswersEachIdentityAsItsPermissionRequires()
    {
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var identity in ApiTestApp.Identities)
        {
            foreach (var route in ApiRouteTable.All)
            {
                var expected = ApiRouteTable.ExpectedDenial(route, identity);
                var status = await SendAsync(app[identity], route);
                checkedCount++;
                if (expected is { } denial)
                {
                    if (status != denial)
                    {
                        failures.Add($"{identity} {route}: expected {denial}, got {status}");
                    }
                }
                else if (status is 401 or 403 or >= 500 and not 503)
                {
                    failures.Add($"{identity} {route}: expected to be allowed, got {status}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(ApiTestApp.Identities.Count * ApiRouteTable.All.Count, checkedCount);
    }

    [Fact]
    public async Task Denials_UsePikvmErrorEnvelope_WithoutBasicChallenge()
    {
        using var anonymous = await app[ApiTestApp.Anonymous].GetAsync(new Uri("/api/atx", UriKind.Relative));
        Assert.Equal(401, (int)anonymous.StatusCode);
        Assert.False(anonymous.Headers.Contains("WWW-Authenticate"));
        var body = await ApiTestApp.ReadJsonAsync(anonymous);
        Assert.False(body.GetProperty("ok").GetBoolean());
        Assert.Equal(JsonValueKind.String, body.GetProperty("result").GetProperty("error").ValueKind);

        using var forbidden = await app[ApiTestApp.Viewer].PostAsync(new Uri("/api/atx/power?action=on", UriKind.Relative), null);
        Assert.Equal(403, (int)forbidden.StatusCode);
        Assert.False((await ApiTestApp.ReadJsonAsync(forbidden)).GetProperty("ok").GetBoolean());
    }

    internal static async Task<int> SendAsync(HttpClient client, ApiRoute route, string query = "", HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), new Uri(route.Path + query, UriKind.Relative)) { Content = content };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        return (int)response.StatusCode;
    }
}
