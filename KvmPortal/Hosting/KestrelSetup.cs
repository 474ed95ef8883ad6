using KvmPortal.Data;
using KvmPortal.Security;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hosting;

/// <summary>With <c>KvmPortal:Tls:Enabled</c>, listens on HTTPS (configured or self-signed certificate) and on a plain port that only redirects.</summary>
public static class KestrelSetup
{
    public static void ConfigureKestrelForKvmPortal(this ConfigureWebHostBuilder webHost, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(webHost);
        webHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.AddServerHeader = false;
            var tls = kestrel.ApplicationServices.GetRequiredService<IOptions<TlsOptions>>().Value;
            if (!tls.Enabled)
            {
                return;
            }

            var dataDirectory = kestrel.ApplicationServices.GetRequiredService<DataDirectory>();
            var time = kestrel.ApplicationServices.GetRequiredService<TimeProvider>();
            var certificate = TlsCertificateProvider.Load(tls, dataDirectory.Path, time);
            kestrel.ListenAnyIP(tls.HttpsPort, listen => listen.UseHttps(certificate));
            if (tls.HttpPort > 0)
            {
                kestrel.ListenAnyIP(tls.HttpPort);
            }
        });
    }
}
