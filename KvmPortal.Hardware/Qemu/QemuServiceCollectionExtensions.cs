using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hardware.Msd;
using KvmPortal.Hardware.Processes;
using KvmPortal.Hardware.Serial;
using KvmPortal.Hardware.Video;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Qemu;

/// <summary>Registers the Qemu hardware profile.</summary>
public static class QemuServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="QemuMachine"/> and replaces <see cref="IVideoSource"/>, <see cref="IHidOutput"/>, <see cref="IMassStorage"/> and
    /// <see cref="IAtxPower"/> with factories that build the QEMU backends when <see cref="QemuOptions.Enabled"/> is true (section
    /// <c>KvmPortal:Qemu</c>, configured by the caller) and otherwise the registrations that were there before.
    /// Call it AFTER AddKvmVideo, AddKvmHid, AddKvmMsd and AddKvmAtx. <see cref="ImageLibrary"/> still comes from AddKvmMsd.
    /// </summary>
    public static IServiceCollection AddKvmQemu(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<QemuOptions>();
        services.AddKvmChildProcesses();
        services.TryAddSingleton(sp => new QemuMachine(
            sp.GetRequiredService<IOptions<QemuOptions>>(), sp.GetService<ILogger<QemuMachine>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ChildProcessService>()));
        ReplaceWhenEnabled<IVideoSource>(services, sp => new QemuVideoSource(
            sp.GetRequiredService<QemuMachine>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<QemuVideoSource>>()));
        ReplaceWhenEnabled<IHidOutput>(services, sp => new QemuHidOutput(
            sp.GetRequiredService<QemuMachine>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<QemuHidOutput>>()));
        ReplaceWhenEnabled<IMassStorage>(services, sp => new QemuMassStorage(
            sp.GetRequiredService<ImageLibrary>(), sp.GetRequiredService<QemuMachine>(), sp.GetService<ILogger<QemuMassStorage>>()));
        ReplaceWhenEnabled<IAtxPower>(services, sp => new QemuAtxPower(
            sp.GetRequiredService<QemuMachine>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<QemuAtxPower>>()));
        if (services.Any(d => d.ServiceType == typeof(ISerialPorts)))
        {
            ReplaceWhenEnabled<ISerialPorts>(services, QemuSerial.Create);
        }
        return services;
    }

    private static void ReplaceWhenEnabled<TService>(IServiceCollection services, Func<IServiceProvider, TService> qemu)
        where TService : class
    {
        var previous = services.LastOrDefault(d => d.ServiceType == typeof(TService) && !d.IsKeyedService);
        services.Replace(ServiceDescriptor.Singleton(sp =>
            sp.GetRequiredService<IOptions<QemuOptions>>().Value.Enabled ? qemu(sp) : CreatePrevious<TService>(sp, previous)));
    }

    private static TService CreatePrevious<TService>(IServiceProvider sp, ServiceDescriptor? previous)
        where TService : class =>
        previous switch
        {
            null => throw new InvalidOperationException($"{typeof(TService).Name} has no registration besides the Qemu profile (call AddKvmQemu after the other AddKvm* methods)"),
            { ImplementationInstance: TService instance } => instance,
            { ImplementationFactory: { } factory } => (TService)factory(sp),
            { ImplementationType: { } type } => (TService)ActivatorUtilities.CreateInstance(sp, type),
            _ => throw new InvalidOperationException($"unsupported registration of {typeof(TService).Name}"),
        };
}
