using System.Text;

namespace KvmPortal.Prometheus;

/// <summary>A feature's own series, appended to <see cref="PrometheusExporter"/>'s output (text exposition format 0.0.4).</summary>
public interface IPrometheusSource
{
    void Render(StringBuilder text);
}
