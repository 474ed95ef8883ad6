using KvmPortal.Tests.Support;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace KvmPortal.Tests.Deploy;

/// <summary>
/// The installed kvmportal.service, started inside a <see cref="BookwormRoot"/> the way systemd starts it: User=,
/// WorkingDirectory=, UMask=, Environment= and ExecStart= are read from the unit file the package installed, then the
/// test's overrides are added (free ports instead of 443/80, which need CAP_NET_BIND_SERVICE; hardware backends off,
/// since a chroot has no gadget, capture device or GPIO chip). Clients validate the server against the certificate the
/// app generated in its data folder.
/// </summary>
public sealed class InstalledService : IAsyncDisposable
{
    private readonly BookwormRoot root;
    private readonly Process process;
    private readonly ConcurrentQueue<string> log = new();

    private InstalledService(BookwormRoot root, IReadOnlyDictionary<string, string> environment, int httpsPort)
    {
        this.root = root;
        HttpsPort = httpsPort;
        var unit = root.Read("lib/systemd/system/kvmportal.service").Split('\n').Select(l => l.Trim()).ToList();
        string Value(string key) => unit.Single(l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];
        var variables = unit.Where(l => l.StartsWith("Environment=", StringComparison.Ordinal))
            .SelectMany(l => l["Environment=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Concat(environment.Select(kv => kv.Key + "=" + kv.Value));
        // sh (inside the root) applies UMask= and WorkingDirectory=, then becomes the app, as systemd's exec does.
        var script = $"umask {Value("UMask")} && cd {Value("WorkingDirectory")} && exec env {string.Join(' ', variables)} {Value("ExecStart")}";
        process = ChrootRun.Start(root, Value("User"), ["/bin/sh", "-c", script], log.Enqueue);
    }

    public int HttpsPort { get; }

    public Uri BaseAddress => new($"https://localhost:{HttpsPort}/");

    /// <summary>Thumbprint of the certificate the server presented last.</summary>
    public string? SeenThumbprint { get; private set; }

    public string Log => string.Join('\n', log);

    /// <summary>Starts the service with every hardware backend disabled and <paramref name="extra"/> settings.</summary>
    public static InstalledService Start(BookwormRoot root, IReadOnlyDictionary<string, string> extra)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(extra);
        int https = FreeTcpPort.Next(), http = FreeTcpPort.Next();
        var environment = new Dictionary<string, string>
        {
            ["KvmPortal__Tls__HttpsPort"] = https.ToString(CultureInfo.InvariantCulture),
            ["KvmPortal__Tls__HttpPort"] = http.ToString(CultureInfo.InvariantCulture),
            ["KvmPortal__Hid__Backend"] = "Disabled",
            ["KvmPortal__Msd__Backend"] = "Disabled",
            ["KvmPortal__Video__Backend"] = "Disabled",
            ["KvmPortal__Atx__Backend"] = "Disabled",
            ["KvmPortal__Wol__Backend"] = "Disabled",
        };
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }

        return new InstalledService(root, environment, https);
    }

    /// <summary>An HTTP client that accepts only the certificate in the data folder, for the name localhost.</summary>
    public HttpClient CreateClient()
    {
        var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            ServerCertificateCustomValidationCallback = (_, certificate, _, errors) => Validate(certificate, errors),
        };
        // Generous: the first pages are compiled by the JIT under qemu-user on a shared machine.
        return new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
    }

    /// <summary>Polls /healthz until it answers 200; returns how long that took from now.</summary>
    public async Task<TimeSpan> WaitHealthyAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        using var client = CreateClient();
        client.Timeout = TimeSpan.FromSeconds(10);
        while (watch.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"KvmPortal exited with {process.ExitCode} before /healthz answered:\n{Log}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("healthz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return watch.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"/healthz did not answer 200 within {timeout}:\n{Log}");
    }

    /// <summary>SIGTERM to the app (a clean shutdown closes the database), SIGKILL to the whole tree if it hangs.</summary>
    public async Task StopAsync()
    {
        if (!process.HasExited)
        {
            var app = Descendants(process.Id).LastOrDefault();
            if (app != 0)
            {
                DeployProcess.Run("kill", ["-TERM", app.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            process.Dispose();
        }
    }

    private bool Validate(X509Certificate2? certificate, SslPolicyErrors errors)
    {
        var file = root.Combine("var/lib/kvmportal/tls/selfsigned.crt");
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || !File.Exists(file))
        {
            return false;
        }

        using var generated = X509Certificate2.CreateFromPem(File.ReadAllText(file));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(generated);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        SeenThumbprint = certificate.Thumbprint;
        return chain.Build(certificate) && certificate.Thumbprint == generated.Thumbprint;
    }

    /// <summary>The process's descendants, parents before children (the last is the deepest: the app itself).</summary>
    private static List<int> Descendants(int pid)
    {
        var result = new List<int>();
        var children = $"/proc/{pid}/task/{pid}/children";
        if (!File.Exists(children))
        {
            return result;
        }

        foreach (var child in File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var id = int.Parse(child, CultureInfo.InvariantCulture);
            result.Add(id);
            result.AddRange(Descendants(id));
        }

        return result;
    }
}
