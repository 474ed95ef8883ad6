using KvmPortal.Auth;

namespace KvmPortal.Prometheus;

/// <summary>PiKVM's <c>/api/export/prometheus/metrics</c> (View).</summary>
public static class MetricsApi
{
    public static RouteHandlerBuilder MapMetricsApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/export/prometheus/metrics", (PrometheusExporter exporter) => Results.Text(exporter.Render(), PrometheusExporter.ContentType))
            .RequireAuthorization(Permissions.View)
            .WithTags("Metrics");
}
