using System.Net.Http.Headers;
using System.Text;
using KvmPortal.Audit;
using KvmPortal.Tests.Support;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Audit;

/// <summary>
/// Walks the app's real route table (EndpointDataSource) and calls every state-changing route (POST, PUT, PATCH, DELETE) as the
/// admin, with no parameters: whatever it answers (done, refused, invalid), it must leave an audit row. A new route that forgets
/// auditing fails here, and so does one that writes two rows for one call. Pages (Razor components' form posts) are audited inside the pages and are tested with them.
/// </summary>
public sealed class AuditCoverageTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] ChangingMethods = ["POST", "PUT", "PATCH", "DELETE"];

    /// <summary>The only state-changing routes allowed to leave no row for a call without parameters, each with the reason.</summary>
    private static readonly Dictionary<string, string> AllowList = new(StringComparer.Ordinal)
    {
        // Logins: every credential check is audited (login.succeeded / login.failed / login.lockout, see LoginPathsTests and
        // AuditLoginTests); a request without credentials is refused before any check and changes nothing.
        ["POST /api/auth/login"] = "credential checks audited by LoginService",
        ["POST /redfish/v1/SessionService/Sessions"] = "credential checks audited by LoginService",

        // WebAuthn ceremony starts: a one-use challenge kept in memory for a minute, nothing stored; the ceremony's end is audited.
        ["POST /Account/Passkey/options"] = "starts a sign-in ceremony; its end is audited",
        ["POST /Account/TwoFactor/Passkeys/options"] = "starts a registration ceremony; its end is audited",

        // OIDC back-channel logout: anonymous by design (the provider calls it); for a configured provider every token, valid or
        // forged, is audited (OidcBrowserTests). An unknown provider id is a 404 that changes nothing, and auditing anonymous
        // 404s would let anyone flood the audit log.
        ["POST /backchannel-logout-oidc/{id}"] = "audited for configured providers; an unknown id is a 404 that changes nothing",

        // The pages' activity ping: it only moves this session's idle timer (in memory); a row per ping would record when the user
        // typed or clicked. An idle session that is ended is audited (IdleSessionsTests).
        ["POST /api/auth/activity"] = "moves the idle timer only; the idle sign-out is audited",

        // Input events: a row per key or mouse event would record what is typed, which must never be logged. Taking control of the
        // console is audited (control.taken) and pasted text is audited by length (/api/hid/print).
        ["POST /api/hid/events/send_key"] = "typed keys are never logged",
        ["POST /api/hid/events/send_shortcut"] = "typed keys are never logged",
        ["POST /api/hid/events/send_mouse_button"] = "input events are not logged one by one",
        ["POST /api/hid/events/send_mouse_move"] = "input events are not logged one by one",
        ["POST /api/hid/events/send_mouse_relative"] = "input events are not logged one by one",
        ["POST /api/hid/events/send_mouse_wheel"] = "input events are not logged one by one",
    };

    private readonly KvmAppFactory _app = new KvmAppFactory().Start();

    [Fact]
    public async Task EveryStateChangingRoute_WritesAnAuditRow()
    {
        var routes = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is null)
            .Where(e => !(e.RoutePattern.RawText ?? "").StartsWith("/_", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Intersect(ChangingMethods)
                .Select(m => (Method: m, Pattern: "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))))
            .Distinct()
            .OrderBy(r => r.Pattern, StringComparer.Ordinal)
            .ToList();
        Assert.True(routes.Count > 30, $"only {routes.Count} state-changing routes found");

        using var admin = _app.CreateClient(new() { AllowAutoRedirect = false });
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + KvmAppFactory.AdminPassword)));
        (await admin.GetAsync(new Uri("/api/auth/check", UriKind.Relative))).Dispose(); // the login row of this client, written once

        var missing = new List<string>();
        var doubled = new List<string>();
        var covered = 0;
        foreach (var (method, pattern) in routes)
        {
            var key = $"{method} {pattern}";
            if (AllowList.ContainsKey(key))
            {
                continue;
            }

            var before = await CountAsync();
            var path = System.Text.RegularExpressions.Regex.Replace(pattern, "\\{[^}]+\\}", "no-such-id");
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
            using var response = await admin.SendAsync(request);
            var after = await CountAsync();
            output.WriteLine($"{key} → {(int)response.StatusCode}, {after - before} audit row(s)");
            if (after == before)
            {
                missing.Add($"{key} ({(int)response.StatusCode})");
            }
            else
            {
                covered++;
            }

            if (after - before > 1)
            {
                doubled.Add($"{key} ({(int)response.StatusCode}, {after - before} rows)");
            }
        }

        Assert.True(missing.Count == 0, "state-changing routes without an audit row: " + string.Join(", ", missing));
        Assert.True(doubled.Count == 0, "one call, more than one audit row: " + string.Join(", ", doubled));
        Assert.True(covered > 20);
    }

    public void Dispose() => _app.Dispose();

    private async Task<int> CountAsync()
    {
        await _app.Services.GetRequiredService<IAuditLog>().FlushAsync(CancellationToken.None);
        var rows = await _app.Services.GetRequiredService<AuditQuery>().FindAsync(new AuditFilter(Limit: 100_000), CancellationToken.None);
        return rows.Count(r => r.Action is not AuditActions.LoginSucceeded and not AuditActions.ApiTokenUsed);
    }
}
