using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KvmPortal.Tests.Support;

/// <summary>
/// The real app on a fresh temporary DataDirectory (a real SQLite file). <see cref="UseRealSocket"/> makes it listen on a
/// loopback port so a browser can reach it.
/// </summary>
public sealed class KvmAppFactory : WebApplicationFactory<Program>
{
    public static string AdminPassword => TestPasswords.Admin;

    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Action<IServiceCollection>> _testServices = [];
    private bool _realSocket;

    public KvmAppFactory(bool configureAdminPassword = true)
    {
        DataDirectory = Directory.CreateTempSubdirectory("kvmportal-test-").FullName;
        _settings["KvmPortal:DataDirectory"] = DataDirectory;
        _settings["KvmPortal:OverrideFile"] = Path.Combine(DataDirectory, "override.json");
        if (configureAdminPassword)
        {
            _settings["Setup:AdminPassword"] = AdminPassword;
        }
    }

    public string DataDirectory { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public KvmAppFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Replaces or decorates app services after the app registered its own (call before <see cref="Start"/>).</summary>
    public KvmAppFactory WithTestServices(Action<IServiceCollection> configure)
    {
        _testServices.Add(configure);
        return this;
    }

    public KvmAppFactory UseRealSocket()
    {
        _realSocket = true;
        return this;
    }

    /// <summary>Gets the base address of the real socket (after <see cref="UseRealSocket"/> and <see cref="Start"/>).</summary>
    public Uri ServerAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public KvmAppFactory Start()
    {
        if (_realSocket)
        {
            UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            StartServer();
        }
        else
        {
            _ = Server;
        }

        return this;
    }

    /// <summary>
    /// Starts the app expecting the start to fail, and returns the cause. WebApplicationFactory's deferred host reads the host's
    /// services when asked to start; a start that failed fast (options validated on start) may have disposed them by then, and
    /// Start then throws ObjectDisposedException instead of the cause (seen on a loaded machine). The host logged the cause
    /// ("Hosting failed to start") before it disposed anything, so it is taken from there in that case.
    /// </summary>
    public Exception StartFailure()
    {
        var error = Assert.ThrowsAny<Exception>(() => Start());
        return error is ObjectDisposedException && Logs.Exceptions.FirstOrDefault(e => e.Category == "Microsoft.Extensions.Hosting.Internal.Host").Exception is { } cause
            ? cause
            : error;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services => _testServices.ForEach(configure => configure(services)));
    }

    protected override void Dispose(bool disposing)
    {
        try
        {
            base.Dispose(disposing);
        }
        finally
        {
            // Also when stopping the host threw: the data folder must not outlive the test (the suite's leftover check looks).
            if (disposing)
            {
                DeleteDataDirectory();
            }
        }
    }

    private void DeleteDataDirectory()
    {
        for (var attempt = 0; attempt < 3 && Directory.Exists(DataDirectory); attempt++)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still being written (a log, the database) as the host stops: try again shortly.
                Thread.Sleep(200);
            }
        }
    }
}
