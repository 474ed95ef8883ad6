using KvmPortal.Tests.Support;
using Microsoft.Playwright;

namespace KvmPortal.Tests.Vnc;

/// <summary>
/// The test page that runs noVNC (npm <c>@novnc/novnc</c>, pinned in <c>KvmPortal.Tests/Vnc/novnc/package-lock.json</c>, installed by
/// deploy/test.sh) in Chromium. The package ships ES modules; <see cref="ServeAsync"/> answers Playwright's route for
/// <c>/vnc-test/…</c> with the page and the package's files, so they run under the portal's own origin (the portal itself does not
/// serve noVNC).
/// </summary>
internal static class NoVncPage
{
    public const string Route = "**/vnc-test/**";
    public const string PagePath = "/vnc-test/index.html";
    private const string FilePrefix = "/vnc-test/novnc/";

    public const string Html = """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>noVNC test</title></head>
        <body style="margin:0;background:#222">
        <div id="screen" style="width:1700px;height:1000px"></div>
        <script type="module">
        import RFB from '/vnc-test/novnc/core/rfb.js';
        window.vncEvents = [];
        window.startVnc = (user, password) => {
          const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/vnc/websockify';
          const rfb = new RFB(document.getElementById('screen'), url,
            { credentials: { username: user, password: password }, wsProtocols: ['binary'] });
          rfb.scaleViewport = false;
          rfb.resizeSession = false;
          for (const name of ['connect', 'disconnect', 'credentialsrequired', 'securityfailure', 'desktopname']) {
            rfb.addEventListener(name, e => window.vncEvents.push(name + ' ' + JSON.stringify(e.detail ?? null)));
          }
          window.rfb = rfb;
        };
        window.canvasSize = () => {
          const c = document.querySelector('#screen canvas');
          return c ? c.width + 'x' + c.height : '';
        };
        // The canvas as base64 RGB (alpha dropped), to compare with the server's frame.
        window.canvasRgb = () => {
          const c = document.querySelector('#screen canvas');
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          const parts = [];
          const chunk = new Uint8Array(3 * 8192);
          for (let p = 0; p < d.length; ) {
            let n = 0;
            for (; n < chunk.length && p < d.length; p += 4) { chunk[n++] = d[p]; chunk[n++] = d[p + 1]; chunk[n++] = d[p + 2]; }
            parts.push(String.fromCharCode.apply(null, chunk.subarray(0, n)));
          }
          return btoa(parts.join(''));
        };
        window.noVncReady = true;
        </script>
        </body></html>
        """;

    private static readonly string Package = Path.Combine(RepositoryRoot.Find(), "KvmPortal.Tests", "Vnc", "novnc", "node_modules", "@novnc", "novnc");

    /// <summary>Answers a request for the test page or one of noVNC's files (404 for anything else or outside the package).</summary>
    public static async Task ServeAsync(IRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (!File.Exists(Path.Combine(Package, "core", "rfb.js")))
        {
            throw new InvalidOperationException($"noVNC is missing in {Package}: run the README's test command (deploy/test.sh runs npm ci for KvmPortal.Tests/Vnc/novnc).");
        }

        var path = new Uri(route.Request.Url).AbsolutePath;
        if (path == PagePath)
        {
            await route.FulfillAsync(new() { Status = 200, ContentType = "text/html", Body = Html });
            return;
        }

        var file = path.StartsWith(FilePrefix, StringComparison.Ordinal) ? Path.GetFullPath(Path.Combine(Package, path[FilePrefix.Length..])) : "";
        if (!file.StartsWith(Package + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(file))
        {
            await route.FulfillAsync(new() { Status = 404, Body = "not found" });
            return;
        }

        await route.FulfillAsync(new() { Status = 200, ContentType = "text/javascript", Body = await File.ReadAllTextAsync(file) });
    }
}
