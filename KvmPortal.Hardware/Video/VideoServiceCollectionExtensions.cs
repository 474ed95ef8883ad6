using KvmPortal.Hardware.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Video;

/// <summary>DI registration for the video area.</summary>
public static class VideoServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IVideoSource"/> (backend chosen by <see cref="VideoOptions.Backend"/>) and the <see cref="VideoStreamer"/>
    /// singleton, also as a hosted service. The simulated backend needs an <see cref="ISimulatedDisplay"/> registration.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddKvmVideo(this IServiceCollection services)
    {
        services.AddOptions<VideoOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IVideoSource>(sp =>
        {
            VideoOptions options = sp.GetRequiredService<IOptions<VideoOptions>>().Value;
            TimeProvider time = sp.GetRequiredService<TimeProvider>();
            return options.Backend switch
            {
                VideoBackend.V4l2 => new V4l2VideoSource(
                    sp.GetRequiredService<IOptions<VideoOptions>>(), time, sp.GetRequiredService<ILogger<V4l2VideoSource>>()),
                VideoBackend.Simulated => new SimulatedVideoSource(sp.GetRequiredService<ISimulatedDisplay>(), time),
                _ => new DisabledVideoSource(),
            };
        });
        services.TryAddSingleton<VideoStreamer>();
        services.AddHostedService(sp => sp.GetRequiredService<VideoStreamer>());
        return services;
    }
}
