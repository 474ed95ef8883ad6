using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Security;

/// <summary>A real Kestrel server on one loopback address: an image, a "secret", redirects to internal and non-http targets, and a hit counter.</summary>
public sealed class ImageServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _hits;

    private ImageServer(WebApplication app) => _app = app;

    public static byte[] Image { get; } = [.. Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7))];

    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public int Hits => Volatile.Read(ref _hits);

    public Uri Redirect { get; set; } = new("http://127.0.0.1:1/");

    public static async Task<ImageServer> StartAsync(IPAddress address)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(address, 0));
        var app = builder.Build();
        var server = new ImageServer(app);
        app.Use((context, next) =>
        {
            Interlocked.Increment(ref server._hits);
            return next(context);
        });
        app.MapGet("/image.iso", () => Results.Bytes(Image, "application/octet-stream"));
        app.MapGet("/secret.iso", () => Results.Text("internal secret", "text/plain"));
        app.MapGet("/redirect", () => Results.Redirect(server.Redirect.ToString()));
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
