using System.Diagnostics;
using System.Text.Json;
using KvmPortal.Hardware.Processes;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.SignIn;

/// <summary>
/// npm oidc-provider (KvmPortal.Tests/SignIn/oidc/provider.js, installed by deploy/test.sh with npm ci) on a loopback port, owned by
/// the test: started in the constructor, stopped (stdin closed, then SIGTERM/SIGKILL) on dispose.
/// </summary>
internal sealed class OidcTestProvider : IAsyncDisposable
{
    public const string ClientId = "kvmportal";
    public const string ClientSecret = "kvmportal-test-secret";

    private static readonly string Folder = Path.Combine(RepositoryRoot.Find(), "KvmPortal.Tests", "SignIn", "oidc");

    private readonly ChildProcess _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _errors = new();

    private OidcTestProvider(ChildProcess process, int port)
    {
        _process = process;
        Issuer = new Uri($"http://127.0.0.1:{port}");
        process.Process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _errors.Enqueue(e.Data); } };
        process.Process.BeginErrorReadLine();
    }

    public Uri Issuer { get; }

    public string Errors => string.Join('\n', _errors);

    public static async Task<OidcTestProvider> StartAsync()
    {
        if (!File.Exists(Path.Combine(Folder, "node_modules", "oidc-provider", "package.json")))
        {
            throw new InvalidOperationException($"npm oidc-provider is not installed in {Folder}: run the README's test command (deploy/test.sh), which runs npm ci there.");
        }

        var info = new ProcessStartInfo("node")
        {
            ArgumentList = { "provider.js" },
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = TestProcess.Start("oidc-provider", info);
        try
        {
            var line = await ReadLineAsync(process, "LISTENING");
            return new OidcTestProvider(process, int.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Registers KvmPortal (at <paramref name="app"/>) as the provider's client for provider id <paramref name="providerId"/>.</summary>
    public async Task RegisterClientAsync(Uri app, string providerId)
    {
        var message = JsonSerializer.Serialize(new
        {
            redirectUris = new[] { new Uri(app, $"/signin-oidc/{providerId}").ToString() },
            postLogoutRedirectUris = new[] { new Uri(app, $"/signout-callback-oidc/{providerId}").ToString() },
            backchannelLogoutUri = new Uri(app, $"/backchannel-logout-oidc/{providerId}").ToString(),
        });
        await _process.Process.StandardInput.WriteLineAsync(message);
        await _process.Process.StandardInput.FlushAsync();
        await ReadLineAsync(_process, "READY");
    }

    /// <summary>Moves a user to other groups (as an identity-provider admin would).</summary>
    public async Task SetGroupsAsync(string user, params string[] groups)
    {
        await _process.Process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new { groups = new Dictionary<string, string[]> { [user] = groups } }));
        await _process.Process.StandardInput.FlushAsync();
        await ReadLineAsync(_process, "GROUPS");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone.
        }

        await _process.DisposeAsync();
    }

    private static async Task<string> ReadLineAsync(ChildProcess process, string prefix)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = await process.Process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException($"oidc-provider exited before printing {prefix}");
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line;
            }
        }
    }
}
