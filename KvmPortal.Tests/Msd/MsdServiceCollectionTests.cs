using KvmPortal.Hardware.Msd;
using KvmPortal.Hardware.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace KvmPortal.Tests.Msd;

public sealed class MsdServiceCollectionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(MsdBackend.Simulated, typeof(SimulatedMassStorage))]
    [InlineData(MsdBackend.UsbGadget, typeof(UsbGadgetMassStorage))]
    [InlineData(MsdBackend.Disabled, typeof(DisabledMassStorage))]
    public void AddKvmMsd_registers_the_library_and_the_configured_backend(MsdBackend backend, Type expected)
    {
        var services = new ServiceCollection().AddKvmMsd();
        var options = new MsdOptions { Backend = backend, ImagesDirectory = _dir.Path, LunPath = Path.Combine(_dir.Path, "lun.0") };
        var provider = new TinyProvider(services, new Dictionary<Type, object>
        {
            [typeof(IOptions<MsdOptions>)] = Microsoft.Extensions.Options.Options.Create(options),
            [typeof(ISimulatedMediaSink)] = new RecordingMediaSink(),
        });

        var drive = provider.GetService(typeof(IMassStorage));
        Assert.IsType(expected, drive);
        var library = Assert.IsType<ImageLibrary>(provider.GetService(typeof(ImageLibrary)));
        Assert.Equal(_dir.Path, library.Directory);
        (drive as IDisposable)?.Dispose();
        library.Dispose();
    }

    /// <summary>Resolves singletons from descriptors (the DI container package is not referenced by the test project).</summary>
    private sealed class TinyProvider(IServiceCollection services, Dictionary<Type, object> given) : IServiceProvider
    {
        public object? GetService(Type serviceType)
        {
            if (given.TryGetValue(serviceType, out var known))
            {
                return known;
            }

            var descriptor = services.LastOrDefault(d => d.ServiceType == serviceType);
            var instance = descriptor switch
            {
                null => null,
                { ImplementationInstance: { } i } => i,
                { ImplementationFactory: { } f } => f(this),
                _ => null,
            };
            if (instance is not null)
            {
                given[serviceType] = instance;
            }

            return instance;
        }
    }
}
