using System.Net;
using System.Text.Json;
using KvmPortal.Audit;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Audit;

/// <summary>State-changing REST calls write exactly one audit row each, with caller, target and outcome; pasted text never appears.</summary>
public sealed class ApiAuditTests : IClassFixture<AuditAppFixture>, IDisposable
{
    private readonly KvmAppFactory _app;
    private readonly HttpClient _admin;

    public ApiAuditTests(AuditAppFixture fixture)
    {
        _app = fixture.App;
        _admin = _app.CreateClient();
        _admin.DefaultRequestHeaders.Add("X-KVMD-User", "admin");
        _admin.DefaultRequestHeaders.Add("X-KVMD-Passwd", KvmAppFactory.AdminPassword);
    }

    [Fact]
    public async Task UploadAndDelete_ThroughTheApi_AreAudited()
    {
        using (var body = new ByteArrayContent(new byte[4096]))
        {
            await PostAsync("/api/msd/write?image=disk.img", body, HttpStatusCode.OK);
        }

        var upload = await AuditRows.SingleAsync(_app.Services, AuditActions.MediaUpload);
        Assert.Equal(("admin", "disk.img", AuditOutcome.Success), (upload.User, upload.Target, upload.Outcome));

        await PostAsync("/api/msd/remove?image=disk.img", null, HttpStatusCode.OK);
        await PostAsync("/api/msd/remove?image=disk.img", null, HttpStatusCode.NotFound);
        var deletes = await AuditRows.OfAsync(_app.Services, AuditActions.MediaDelete);
        Assert.Equal([AuditOutcome.Success, AuditOutcome.Failure], deletes.OrderBy(r => r.Id).Select(r => r.Outcome));
    }

    [Fact]
    public async Task Power_Settings_AndPaste_AreAudited_WithoutThePastedText()
    {
        await PostAsync("/api/atx/power?action=on", null, HttpStatusCode.OK);
        var power = await AuditRows.SingleAsync(_app.Services, AuditActions.Power);
        Assert.Equal(("on", AuditOutcome.Success), (power.Target, power.Outcome));

        await PostAsync("/api/streamer/set_params?quality=70", null, HttpStatusCode.OK);
        Assert.Equal("admin", (await AuditRows.SingleAsync(_app.Services, AuditActions.SettingsChanged)).User);

        using (var text = new StringContent("top-secret"))
        {
            await PostAsync("/api/hid/print?keymap=en-us", text, HttpStatusCode.OK);
        }

        var paste = await AuditRows.SingleAsync(_app.Services, AuditActions.Paste);
        Assert.Contains("10 bytes", paste.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("top-secret", paste.Details ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("top-secret", string.Join("\n", _app.Logs.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenCreation_AndUse_AreAudited_UseAtMostOncePerMinute()
    {
        using var created = await PostAsync("/api/tokens/create?name=ci&permissions=View", null, HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var token = json.RootElement.GetProperty("result").GetProperty("token").GetString();
        var creation = await AuditRows.SingleAsync(_app.Services, AuditActions.ApiTokenCreated);
        Assert.Equal(("admin", "ci"), (creation.User, creation.Target));

        using var bearer = _app.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        for (var i = 0; i < 3; i++)
        {
            using var check = await bearer.GetAsync(new Uri("/api/auth/check", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        }

        var used = await AuditRows.SingleAsync(_app.Services, AuditActions.ApiTokenUsed);
        Assert.Equal("admin", used.User);
    }

    [Fact]
    public async Task RefusedPasskeySignIn_WritesOneRow_WithItsReason()
    {
        using var anonymous = _app.CreateClient();
        const string Assertion = """{"id":"AQID","rawId":"AQID","type":"public-key","response":{"authenticatorData":"AQID","signature":"AQID","clientDataJSON":"AQID"}}""";
        using var body = new StringContent(Assertion, System.Text.Encoding.UTF8, "application/json");
        using var response = await anonymous.PostAsync(new Uri("/Account/Passkey/signin", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var row = await AuditRows.SingleAsync(_app.Services, AuditActions.LoginFailed);
        Assert.Equal(("passkey: expired ceremony", AuditOutcome.Failure), (row.Details, row.Outcome));
    }

    public void Dispose() => _admin.Dispose();

    private async Task<HttpResponseMessage> PostAsync(string path, HttpContent? content, HttpStatusCode expected)
    {
        var response = await _admin.PostAsync(new Uri(path, UriKind.Relative), content);
        Assert.True(response.StatusCode == expected, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }
}
