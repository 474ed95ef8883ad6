using System.Diagnostics;
using System.Globalization;
using System.Net;
using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Data;
using KvmPortal.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Auth.Revocation;

/// <summary>
/// The revocation matrix of issue #18: every credential kind × every revoking event that applies to it × every live channel. The
/// channel (open and delivering data before the change) must end within 1 s of the change, an admin's channel of the same kind
/// must keep running, and the credential must be refused afterwards, except a password credential after a role change or a forced
/// logout (the password is still right: the next request authenticates again, with the new role).
/// </summary>
public sealed class RevocationMatrixTests(RevocationApp app, ITestOutputHelper output) : IClassFixture<RevocationApp>
{
    private static readonly AuditActor Admin = new("admin", "127.0.0.1");
    private static readonly string[] Channels = ["mjpeg", "framews", "apiws"];

    private static readonly Dictionary<string, string[]> Events = new(StringComparer.Ordinal)
    {
        ["cookie"] = ["disable", "delete", "role", "reset", "password", "forcelogout", "stamp", "logout"],
        ["basic"] = ["disable", "delete", "role", "reset", "password", "forcelogout"],
        ["xkvmd"] = ["disable", "delete", "role", "reset", "password", "forcelogout"],
        ["bearer"] = ["disable", "delete", "role", "reset", "password", "forcelogout", "stamp", "token-revoke"],
        ["redfish"] = ["disable", "delete", "role", "reset", "password", "forcelogout", "stamp", "logout"],
    };

    public static TheoryData<string, string, string> Matrix
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var (kind, events) in Events)
            {
                foreach (var change in events)
                {
                    foreach (var channel in Channels)
                    {
                        data.Add(kind, change, channel);
                    }
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Channel_EndsWithinOneSecond_AndTheCredentialIsRefused(string kind, string change, string channel)
    {
        var user = await app.NewUserAsync();
        var credential = await MatrixCredential.SignInAsync(app, kind, user, TestPasswords.User);
        await using var live = await MatrixChannel.OpenAsync(app, channel, credential);
        await using var bystander = await MatrixChannel.OpenAsync(app, channel, MatrixCredential.AdminBasic());
        Assert.False(live.IsClosed);

        await ChangeAsync(change, credential);
        var changed = Stopwatch.GetTimestamp();
        var closedAfter = await live.ClosedWithinAsync(changed, TimeSpan.FromSeconds(1));
        Assert.True(closedAfter is not null, $"{channel} opened with {credential} still open 1.2 s after '{change}' ({live.Bytes} bytes so far)");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"revocation_close_ms_{kind}_{change}_{channel}: {closedAfter!.Value.TotalMilliseconds:F1}"));
        Assert.True(closedAfter <= TimeSpan.FromSeconds(1), $"closed after {closedAfter}");
        Assert.False(bystander.IsClosed, "an unrelated admin channel was closed too");

        using var client = credential.Client(app);
        using var after = await client.GetAsync(new Uri("/api/streamer", UriKind.Relative));
        var stillValid = kind is "basic" or "xkvmd" && change is "role" or "forcelogout";
        if (stillValid)
        {
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        }
        else
        {
            Assert.True(after.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{credential} after '{change}': {(int)after.StatusCode}");
        }
    }

    private async Task ChangeAsync(string change, MatrixCredential credential)
    {
        var user = credential.User;
        var users = app.Users;
        IReadOnlyList<string> errors = [];
        switch (change)
        {
            case "disable":
                errors = await users.SetDisabledAsync(user, true, Admin, CancellationToken.None);
                break;
            case "role":
                errors = await users.SetRoleAsync(user, Roles.Viewer, Admin, CancellationToken.None);
                break;
            case "reset":
                errors = (await users.ResetPasswordAsync(user, Admin, CancellationToken.None)).Errors;
                break;
            case "forcelogout":
                errors = await users.ForceLogoutAsync(user, Admin, CancellationToken.None);
                break;
            case "delete":
                await ExpectOkAsync(MatrixCredential.AdminBasic(), HttpMethod.Post, $"/api/users/delete?name={user}");
                break;
            case "password" or "stamp":
                await using (var scope = app.Factory.Services.CreateAsyncScope())
                {
                    var manager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
                    var account = await manager.FindByNameAsync(user);
                    var result = change == "password"
                        ? await manager.ChangePasswordAsync(account!, TestPasswords.User, TestPasswords.New())
                        : await manager.UpdateSecurityStampAsync(account!);
                    errors = [.. result.Errors.Select(e => e.Description)];
                }

                break;
            case "logout" when credential.Kind == "redfish":
                await ExpectOkAsync(credential, HttpMethod.Delete, credential.Handle!);
                break;
            case "logout":
                await ExpectOkAsync(credential, HttpMethod.Post, "/api/auth/logout");
                break;
            case "token-revoke":
                await ExpectOkAsync(credential, HttpMethod.Post, $"/api/tokens/revoke?id={credential.Handle}");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(change), change, null);
        }

        Assert.Empty(errors);
    }

    private async Task ExpectOkAsync(MatrixCredential credential, HttpMethod method, string path)
    {
        using var client = credential.Client(app);
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} with {credential}: {(int)response.StatusCode}");
    }
}
