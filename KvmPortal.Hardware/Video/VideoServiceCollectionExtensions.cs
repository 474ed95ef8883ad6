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
    /// singleton, also as a hosted service, and the H.264 broadcaster. The simulated backend needs an <see cref="ISimulatedDisplay"/> registration.
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
        services.AddOptions<H264.H264Options>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<H264.H264Options>, H264.H264OptionsValidator>());
        services.TryAddSingleton(sp => new H264.H264Broadcaster(
            sp.GetRequiredService<VideoStreamer>(), sp.GetRequiredService<IOptions<H264.H264Options>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<H264.H264Broadcaster>>()));
        services.AddHostedService(sp => sp.GetRequiredService<H264.H264Broadcaster>());
        return services;
    }
}
