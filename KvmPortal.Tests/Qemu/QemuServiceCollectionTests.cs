using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hardware.Msd;
using KvmPortal.Hardware.Qemu;
using KvmPortal.Hardware.Video;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Qemu;

public sealed class QemuServiceCollectionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task DisabledProfileKeepsTheRegistrationsMadeBefore()
    {
        await using var provider = Build(enabled: false);

        Assert.IsType<DisabledVideoSource>(provider.GetRequiredService<IVideoSource>());
        Assert.IsType<DisabledAtxPower>(provider.GetRequiredService<IAtxPower>());
        Assert.IsType<DisabledMassStorage>(provider.GetRequiredService<IMassStorage>());
        Assert.Equal(HidBackend.Disabled, provider.GetRequiredService<IHidOutput>().State.Backend);
    }

    [Fact]
    public async Task EnabledProfileReplacesAllFourBackendsAndSharesOneMachine()
    {
        await using var provider = Build(enabled: true);

        Assert.IsType<QemuVideoSource>(provider.GetRequiredService<IVideoSource>());
        Assert.IsType<QemuAtxPower>(provider.GetRequiredService<IAtxPower>());
        Assert.Equal(MsdBackend.Qemu, Assert.IsType<QemuMassStorage>(provider.GetRequiredService<IMassStorage>()).State.Backend);
        Assert.Equal(HidBackend.Qemu, Assert.IsType<QemuHidOutput>(provider.GetRequiredService<IHidOutput>()).State.Backend);
        Assert.Same(provider.GetRequiredService<QemuMachine>(), provider.GetRequiredService<QemuMachine>());
    }

    private ServiceProvider Build(bool enabled)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.Configure<HidOptions>(o => o.Backend = HidBackend.Disabled);
        services.Configure<MsdOptions>(o => (o.Backend, o.ImagesDirectory) = (MsdBackend.Disabled, Path.Combine(_dir.Path, "images")));
        services.Configure<VideoOptions>(o => o.Backend = VideoBackend.Disabled);
        services.Configure<AtxOptions>(o => o.Backend = AtxBackend.Disabled);
        services.AddKvmHid();
        services.AddKvmMsd();
        services.AddKvmVideo();
        services.AddKvmAtx();
        services.Configure<QemuOptions>(o =>
        {
            o.Enabled = enabled;
            o.StartVm = false; // nothing listens there: the monitor just reports "disconnected"
            o.QmpSocket = Path.Combine(_dir.Path, "absent.sock");
        });
        services.AddKvmQemu();
        return services.BuildServiceProvider();
    }
}
