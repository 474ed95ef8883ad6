using KvmPortal.Api;
using KvmPortal.Hardware.Serial;
using KvmPortal.Auth;

namespace KvmPortal.Serial;

/// <summary>
/// The serial console routes, all needing View: <c>GET /api/serial</c> (ports and their state), <c>GET /api/serial/{port}/log</c> (the log
/// as timestamped text), <c>GET /api/serial/{port}/log/search?q=&amp;limit=</c>, and the terminal WebSocket <c>/api/serial/{port}/ws</c>
/// (typing needs Control and the console's exclusive-control rules, checked per message).
/// </summary>
public static class SerialApi
{
    public const int MaxQueryLength = 200;

    public static IEndpointRouteBuilder MapSerialApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/serial").RequireAuthorization(Permissions.View).WithTags("Serial");
        group.MapGet("", (ISerialPorts ports) => ApiEnvelope.Ok(new
        {
            enabled = ports.Enabled,
            ports = ports.Ports.Select(Describe).ToArray(),
        }));
        group.MapGet("/{port}/log", DownloadAsync);
        group.MapGet("/{port}/log/search", Search);
        group.MapGet("/{port}/ws", SerialTerminalSocket.HandleAsync);
        return endpoints;
    }

    public static object Describe(ISerialConsole port)
    {
        ArgumentNullException.ThrowIfNull(port);
        var state = port.State;
        return new
        {
            name = state.Name,
            device = state.Device,
            settings = state.Settings,
            connected = state.Connected,
            detail = state.Detail,
            since = state.Since,
            bytes_received = port.BytesReceived,
            bytes_sent = port.BytesSent,
            log_bytes = port.Log.SizeOnDisk,
            log_max_bytes = port.Log.MaxBytes,
        };
    }

    private static async Task<IResult> DownloadAsync(string port, HttpContext context, ISerialPorts ports, TimeProvider time)
    {
        if (ports.Find(port) is not { } console)
        {
            return NoSuchPort(port);
        }

        var name = $"kvmportal-serial-{console.Name}-{time.GetUtcNow():yyyyMMdd-HHmmss}.log";
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        context.Response.Headers.CacheControl = "no-store";
        await SerialLogText.WriteAsync(console.Log.ReadRecords(), context.Response.Body, context.RequestAborted);
        return Results.Empty;
    }

    private static IResult Search(string port, HttpContext context, ISerialPorts ports)
    {
        if (ports.Find(port) is not { } console)
        {
            return NoSuchPort(port);
        }

        var query = context.Request.Query["q"].ToString();
        if (query.Length is 0 or > MaxQueryLength)
        {
            return ApiEnvelope.Error(400, "ValidatorError", $"q must be 1 to {MaxQueryLength} characters");
        }

        if (!ApiQuery.TryInt(context.Request.Query, "limit", 100, 1, 1000, out var limit))
        {
            return ApiEnvelope.Error(400, "ValidatorError", "limit must be 1..1000");
        }

        var lines = SerialLogText.Search(console.Log.ReadRecords(), query, limit);
        return ApiEnvelope.Ok(new { port = console.Name, query, lines = lines.Select(l => new { time = l.Time, text = l.Text }).ToArray() });
    }

    private static IResult NoSuchPort(string port) =>
        ApiEnvelope.Error(404, "NotFoundError", $"No serial port named '{(port.Length > 40 ? port[..40] : port)}'");
}
