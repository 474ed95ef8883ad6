using System.Net;
using System.Net.Http.Json;
using KvmPortal.Hardware.Msd;
using KvmPortal.Security.Outbound;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Security;

/// <summary>
/// SSRF: msd/write_remote and Redfish InsertMedia refuse internal targets in every spelling, after redirects and at connect time, with one
/// generic 400; an allow-listed LAN server (here 127.0.0.2) works. Real Kestrel sockets on both sides.
/// </summary>
public sealed class OutboundFetchTests
{
    /// <summary>Redfish property names are PascalCase and case-sensitive.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions AsIs = new();

    [Fact]
    public async Task InternalTargets_AreRefusedWithOneGenericError_AllowListedServerWorks()
    {
        await using var secret = await ImageServer.StartAsync(IPAddress.Loopback);
        await using var lan = await ImageServer.StartAsync(IPAddress.Parse("127.0.0.2"));
        await using var app = await SecurityApp.StartAsync(("KvmPortal:Hardening:OutboundAllowList:0", "127.0.0.2/32"));
        var p = secret.Address.Port;
        var library = app.Factory.Services.GetRequiredService<ImageLibrary>();

        string[] refused =
        [
            $"http://127.0.0.1:{p}/secret.iso",
            $"http://0x7f000001:{p}/secret.iso",
            $"http://2130706433:{p}/secret.iso",
            $"http://0177.0.0.1:{p}/secret.iso",
            $"http://127.1:{p}/secret.iso",
            $"http://localhost:{p}/secret.iso",
            $"http://[::1]:{p}/secret.iso",
            $"http://[::ffff:127.0.0.1]:{p}/secret.iso",
            $"http://[::ffff:7f00:1]:{p}/secret.iso",
            $"http://0.0.0.0:{p}/secret.iso",
            "http://169.254.169.254/latest/meta-data/secret.iso",
            "http://10.0.0.1/secret.iso",
            "http://192.168.1.1/secret.iso",
            "http://[fd00::1]/secret.iso",
            "http://[fe80::1]/secret.iso",
            "http://224.0.0.1/secret.iso",
            $"http://127.0.0.2:{lan.Address.Port}/missing.iso",
            "http://127.0.0.2:1/closed-port.iso",
        ];

        foreach (var url in refused)
        {
            await AssertRefusedAsync(app, url);
        }

        // Redirects from the allowed server: to the internal one, to file://, to gopher://, and a loop.
        foreach (var target in new[] { $"http://127.0.0.1:{p}/secret.iso", $"http://2130706433:{p}/secret.iso", "file:///etc/passwd", "gopher://127.0.0.1:70/", $"{lan.Address}redirect" })
        {
            lan.Redirect = new Uri(target);
            await AssertRefusedAsync(app, $"{lan.Address}redirect");
        }

        Assert.Equal(0, secret.Hits);
        Assert.DoesNotContain(library.List(), i => i.Name.StartsWith("secret", StringComparison.Ordinal));

        // Redfish InsertMedia: same policy, same message.
        using (var insert = await app.Admin.PostAsJsonAsync(new Uri("/redfish/v1/Managers/BMC/VirtualMedia/CD/Actions/VirtualMedia.InsertMedia", UriKind.Relative),
                   new { Image = $"http://2130706433:{p}/secret.iso", Inserted = true }, AsIs))
        {
            Assert.Equal(400, (int)insert.StatusCode);
            Assert.Contains(GuardedDownload.GenericError, await insert.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(0, secret.Hits);

        // The allow-listed LAN server: direct and through a redirect to itself.
        using (var ok = await app.Admin.PostAsync(new Uri($"/api/msd/write_remote?url={Uri.EscapeDataString(lan.Address + "image.iso")}&image=lan.iso", UriKind.Relative), null))
        {
            var text = await ok.Content.ReadAsStringAsync();
            Assert.True(ok.StatusCode == HttpStatusCode.OK, text);
            Assert.DoesNotContain("\"ok\":false", text, StringComparison.Ordinal);
        }

        Assert.Equal(ImageServer.Image, await File.ReadAllBytesAsync(Path.Combine(library.Directory, "lan.iso")));
        lan.Redirect = new Uri(lan.Address, "/image.iso");
        using (var redirected = await app.Admin.PostAsJsonAsync(new Uri("/redfish/v1/Managers/BMC/VirtualMedia/CD/Actions/VirtualMedia.InsertMedia", UriKind.Relative),
                   new { Image = $"{lan.Address}redirect", Inserted = false }, AsIs))
        {
            Assert.True(redirected.StatusCode == HttpStatusCode.NoContent, await redirected.Content.ReadAsStringAsync());
        }

        Assert.Equal(ImageServer.Image, await File.ReadAllBytesAsync(Path.Combine(library.Directory, "redirect")));
    }

    private static async Task AssertRefusedAsync(SecurityApp app, string url)
    {
        using var response = await app.Admin.PostAsync(new Uri($"/api/msd/write_remote?url={Uri.EscapeDataString(url)}&image=secret-copy.iso", UriKind.Relative), null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode} {text}");
        Assert.Contains(GuardedDownload.GenericError, text, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0", text, StringComparison.Ordinal);
        Assert.DoesNotContain("refused", text, StringComparison.OrdinalIgnoreCase);
    }
}
