using System.Net.Http.Headers;
using System.Text;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Redfish;

/// <summary>
/// ComputerSystem.Reset ForceOff sent while the power-on click of a Reset On still runs (what redfishtool users hit) wins through
/// HTTP; another action in that window still gets 409 ResourceInUse. Real Kestrel socket, simulated target, Basic auth.
/// </summary>
public sealed class RedfishForceOffTests() : RedfishSocketTest(busyAfterClickMs: 3000) // a wide busy window, so the requests below surely land inside it
{
    private const string Reset = "/redfish/v1/Systems/0/Actions/ComputerSystem.Reset";

    [Fact]
    public async Task ForceOff_RightAfterOn_Answers204_AndTheTargetEndsOff_WhileOtherActionsGet409()
    {
        using var client = new HttpClient { BaseAddress = Factory.ServerAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Operator + ":" + TestPasswords.User)));

        using (var on = await PostResetAsync(client, "On"))
        {
            Assert.Equal(204, (int)on.StatusCode);
        }

        Assert.True(Target.IsPoweredOn);
        Assert.True(Atx.State.Busy);
        using (var graceful = await PostResetAsync(client, "GracefulShutdown"))
        {
            Assert.Equal(409, (int)graceful.StatusCode);
            Assert.Contains("ResourceInUse", await graceful.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.True(Atx.State.Busy, "still inside the power-on click's busy window");
        using (var forceOff = await PostResetAsync(client, "ForceOff"))
        {
            Assert.Equal(204, (int)forceOff.StatusCode);
        }

        Assert.Contains(Factory.Logs.Lines, l => l.Contains("forced power-off: waiting out the running Click", StringComparison.Ordinal));
        await WaitUntilAsync(() => !Target.IsPoweredOn && !Atx.State.Busy && !Atx.State.PowerLed);
        using var system = await client.GetAsync(new Uri("/redfish/v1/Systems/0", UriKind.Relative));
        Assert.Contains("\"PowerState\":\"Off\"", await system.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, Target.BootCount);
    }

    private static Task<HttpResponseMessage> PostResetAsync(HttpClient client, string type) =>
        client.PostAsync(new Uri(Reset, UriKind.Relative), new StringContent($"{{\"ResetType\":\"{type}\"}}", Encoding.UTF8, "application/json"));
}
