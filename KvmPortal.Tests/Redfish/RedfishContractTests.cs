using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KvmPortal.Hardware.Msd;
using KvmPortal.Tests.Api;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Redfish;

/// <summary>Redfish resources and actions: service root, sessions with X-Auth-Token, VirtualMedia without kvmd's two bugs.</summary>
public sealed class RedfishContractTests(ApiTestApp app) : IClassFixture<ApiTestApp>
{
    /// <summary>Redfish property names are PascalCase and case-sensitive: no camel-casing.</summary>
    private static readonly JsonSerializerOptions AsIs = new();

    [Fact]
    public async Task ServiceRoot_IsAnonymous_AndSessionsGiveAWorkingToken()
    {
        using var root = await app[ApiTestApp.Anonymous].GetAsync(new Uri("/redfish/v1", UriKind.Relative));
        Assert.Equal(200, (int)root.StatusCode);
        var body = await ApiTestApp.ReadJsonAsync(root);
        Assert.Equal("/redfish/v1/Systems", body.GetProperty("Systems").GetProperty("@odata.id").GetString());

        using var login = await app[ApiTestApp.Anonymous].PostAsJsonAsync(new Uri("/redfish/v1/SessionService/Sessions", UriKind.Relative),
            new { UserName = "otto", Password = TestPasswords.User }, AsIs);
        Assert.Equal(201, (int)login.StatusCode);
        var token = login.Headers.GetValues("X-Auth-Token").Single();
        var location = login.Headers.Location!.OriginalString;

        using var client = app.NewClient(cookies: false);
        client.DefaultRequestHeaders.Add("X-Auth-Token", token);
        using (var system = await client.GetAsync(new Uri("/redfish/v1/Systems/0", UriKind.Relative)))
        {
            Assert.Equal(200, (int)system.StatusCode);
            Assert.Matches("^(On|Off)$", (await ApiTestApp.ReadJsonAsync(system)).GetProperty("PowerState").GetString());
        }

        using (var bad = await client.PostAsync(new Uri("/redfish/v1/Systems/0/Actions/ComputerSystem.Reset", UriKind.Relative),
                   new StringContent("{\"ResetType\":\"Explode\"}", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(400, (int)bad.StatusCode);
            Assert.True((await ApiTestApp.ReadJsonAsync(bad)).GetProperty("error").TryGetProperty("code", out _));
        }

        using (var logout = await client.DeleteAsync(new Uri(location, UriKind.Relative)))
        {
            Assert.Equal(204, (int)logout.StatusCode);
        }

        using var after = await client.GetAsync(new Uri("/redfish/v1/Systems/0", UriKind.Relative));
        Assert.Equal(401, (int)after.StatusCode);
    }

    [Fact]
    public async Task InsertMedia_DetectsCdByContent_AndWriteProtectedIsNotInverted()
    {
        var library = app.Factory.Services.GetRequiredService<ImageLibrary>();
        var msd = app.Factory.Services.GetRequiredService<IMassStorage>();

        // A flash image named like an ISO: kvmd would call it a CD-ROM because of the suffix.
        library.CreateEmpty("named-like.iso", 1024 * 1024);
        await InsertAsync(new { Image = "named-like.iso", Inserted = true, WriteProtected = false });
        Assert.Equal(MsdMode.Flash, msd.State.Mode);
        Assert.False(msd.State.ReadOnly);
        var cd = await GetCdAsync();
        Assert.False(cd.GetProperty("WriteProtected").GetBoolean());
        Assert.True(cd.GetProperty("Inserted").GetBoolean());

        // An ISO 9660 image without the suffix: detected by its volume descriptor, attached as a read-only CD-ROM.
        var content = new byte[320 * 2048];
        "CD001"u8.CopyTo(content.AsSpan((16 * 2048) + 1));
        await library.UploadAsync(new UploadRequest { Name = "disc-without-suffix", BodyLength = content.Length }, new MemoryStream(content));
        await InsertAsync(new { Image = "disc-without-suffix", Inserted = true, WriteProtected = false });
        Assert.Equal(MsdMode.CdRom, msd.State.Mode);
        Assert.True(msd.State.ReadOnly);
        Assert.True((await GetCdAsync()).GetProperty("WriteProtected").GetBoolean());

        using var eject = await app[ApiTestApp.Operator].PostAsync(
            new Uri("/redfish/v1/Managers/BMC/VirtualMedia/CD/Actions/VirtualMedia.EjectMedia", UriKind.Relative), JsonContent.Create(new { }));
        Assert.Equal(204, (int)eject.StatusCode);
        Assert.False(msd.State.Connected);
    }

    private async Task InsertAsync(object body)
    {
        using var response = await app[ApiTestApp.Operator].PostAsJsonAsync(
            new Uri("/redfish/v1/Managers/BMC/VirtualMedia/CD/Actions/VirtualMedia.InsertMedia", UriKind.Relative), body, AsIs);
        Assert.True(204 == (int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> GetCdAsync()
    {
        using var response = await app[ApiTestApp.Viewer].GetAsync(new Uri("/redfish/v1/Managers/BMC/VirtualMedia/CD", UriKind.Relative));
        Assert.Equal(200, (int)response.StatusCode);
        return await ApiTestApp.ReadJsonAsync(response);
    }
}
