using KvmPortal.Hardware.Video;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace KvmPortal.Tests.Video;

public class VideoServiceCollectionExtensionsTests
{
    [Fact]
    public void AddKvmVideo_RegistersSourceStreamerAndHostedService_AsSingletons()
    {
        var services = new ServiceCollection();

        services.AddKvmVideo();

        Assert.Equal(ServiceLifetime.Singleton, Assert.Single(services, d => d.ServiceType == typeof(IVideoSource)).Lifetime);
        Assert.Equal(ServiceLifetime.Singleton, Assert.Single(services, d => d.ServiceType == typeof(VideoStreamer)).Lifetime);
        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(IHostedService))); // the streamer and the H.264 broadcaster
        Assert.Contains(services, d => d.ServiceType == typeof(TimeProvider));
    }
}
